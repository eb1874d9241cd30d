#!/usr/bin/env python3
"""Checks on Entente agreement files that neither the AKN schema nor the profile
schema can express (Python 3 standard library + xmllint).

    python3 agreements/schema/check-entente.py agreements/*.xml

For each file:
  1. every eId is unique;
  2. every local reference resolves to an eId of the same file: AKN attributes
     refersTo (space-separated list), href, as, source, start, end, and every ent:*
     attribute whose value starts with '#';
  3. references point at the right kind of thing: ent:party at a TLCOrganization that is
     an FRBRauthor as="#partie"; ent:place at a TLCLocation; ent:event at an eventRef;
     ent:ref / ent:to / ent:copyTo at a TLCOrganization; ent:role at a TLCRole;
     ent:sourceRef at a passiveRef; ent:source at an element of the text (not of meta);
  4. provenance: every ent: item carries ent:source, or ent:basis="external" with
     ent:sourceRef; only ent:entryIntoForce with ent:rule="unknown" may carry neither;
  5. at most one ent:noticePeriod, ent:onNotice, ent:entryIntoForce, ent:duration;
  6. the text backs the numbers: the provision named by ent:noticePeriod/@ent:source holds a
     quantity normalized to the same ISO duration (6 month -> P6M); same for
     ent:firstMeeting/@ent:within and ent:body/@ent:cadence;
  7. ent:entryIntoForce rule="lastSignature": its event is dated on the latest signature
     eventRef (lifecycle eventRef refersTo="#signature");
  8. the ent:agreement block is valid against entente-tracking.xsd (extracted and piped
     to xmllint, which must be on PATH).
Exit status 0 when every file passes, 1 otherwise.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
ENT = "urn:entente:akn:tracking:1.0"
XSD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "entente-tracking.xsd")

AKN_REF_ATTRS = ("refersTo", "href", "as", "source", "start", "end")
SINGLE = ("noticePeriod", "onNotice", "entryIntoForce", "duration")
UNIT_LETTER = {"day": "D", "month": "M", "year": "Y"}


def a(name):
    return "{%s}%s" % (AKN, name)


def e(name):
    return "{%s}%s" % (ENT, name)


def local(tag):
    return tag.rsplit("}", 1)[-1]


def check(path):
    problems = []
    tree = ET.parse(path)
    root = tree.getroot()
    parent = {c: p for p in root.iter() for c in p}

    def in_meta(el):
        while el is not None:
            if el.tag == a("meta"):
                return True
            el = parent.get(el)
        return False

    # 1. eIds
    by_id = {}
    for el in root.iter():
        eid = el.get("eId")
        if eid is None:
            continue
        if eid in by_id:
            problems.append("duplicate eId %r" % eid)
        by_id[eid] = el

    def target(value):
        return by_id.get(value[1:]) if value.startswith("#") else None

    # 2. references resolve
    n_refs = 0
    for el in root.iter():
        for att, value in el.attrib.items():
            is_ent = att.startswith("{%s}" % ENT)
            if not (is_ent or att in AKN_REF_ATTRS):
                continue
            values = value.split() if att == "refersTo" else [value]
            for v in values:
                if not v.startswith("#"):
                    continue
                n_refs += 1
                if target(v) is None:
                    problems.append("<%s %s=%r>: no element with eId %r"
                                    % (local(el.tag), local(att), value, v[1:]))

    # 3.-7. tracking block
    blocks = root.findall(".//%s/%s" % (a("proprietary"), e("agreement")))
    if len(blocks) != 1:
        problems.append("expected one ent:agreement block, found %d" % len(blocks))
    parties = {fa.get("href", "")[1:] for fa in root.iter(a("FRBRauthor"))
               if fa.get("as") == "#partie"}
    sig_dates = sorted(ev.get("date") for ev in root.iter(a("eventRef"))
                       if ev.get("refersTo") == "#signature")

    def expect_kind(item, att, tags, extra=None):
        v = item.get(e(att))
        if v is None:
            return
        t = target(v)
        if t is None:
            return  # already reported
        if local(t.tag) not in tags:
            problems.append("ent:%s/@ent:%s=%r points at <%s>, expected %s"
                            % (local(item.tag), att, v, local(t.tag), " or ".join(tags)))
        elif extra and not extra(t):
            problems.append("ent:%s/@ent:%s=%r: %s" % (local(item.tag), att, v, extra.__doc__))

    def is_party(t):
        """not an FRBRauthor as="#partie" of this work"""
        return t.get("eId") in parties

    def backed_by_quantity(item, att, iso):
        src = item.get(e("source"))
        t = target(src) if src else None
        if t is None:
            problems.append("ent:%s: no ent:source to back %s=%s" % (local(item.tag), att, iso))
            return
        found = [q.get("normalized") for q in t.iter(a("quantity"))]
        if iso not in found:
            problems.append("ent:%s %s=%s: provision %s holds no <quantity normalized=%r> (found %s)"
                            % (local(item.tag), att, iso, src, iso, found or "none"))

    for block in blocks:
        counts = {}
        for item in block.iter():
            if item is block or not item.tag.startswith("{%s}" % ENT):
                continue
            name = local(item.tag)
            if parent.get(item) is block:
                counts[name] = counts.get(name, 0) + 1
            # 4. provenance
            src, basis, sref = item.get(e("source")), item.get(e("basis")), item.get(e("sourceRef"))
            if basis == "external":
                if not sref:
                    problems.append("ent:%s: ent:basis=external without ent:sourceRef" % name)
            elif src is None and not (name == "entryIntoForce" and item.get(e("rule")) == "unknown"):
                problems.append("ent:%s: no ent:source (and not ent:basis=external)" % name)
            if src and target(src) is not None and in_meta(target(src)):
                problems.append("ent:%s: ent:source %s is metadata, not a provision" % (name, src))
            # 3. kinds
            expect_kind(item, "party", ("TLCOrganization",), is_party)
            expect_kind(item, "place", ("TLCLocation",))
            expect_kind(item, "event", ("eventRef",))
            expect_kind(item, "ref", ("TLCOrganization",))
            expect_kind(item, "to", ("TLCOrganization",))
            expect_kind(item, "copyTo", ("TLCOrganization",))
            expect_kind(item, "role", ("TLCRole",))
            expect_kind(item, "by", ("TLCRole", "TLCOrganization", "TLCPerson"))
            expect_kind(item, "sourceRef", ("passiveRef",))
            # 6. numbers backed by the text
            if name == "noticePeriod" and basis != "external":
                unit = UNIT_LETTER.get(item.get(e("unit")), "?")
                backed_by_quantity(item, "length", "P%s%s" % (item.get(e("length")), unit))
            if name == "firstMeeting" and item.get(e("within")):
                backed_by_quantity(item, "within", item.get(e("within")))
            if name == "body" and item.get(e("cadence")):
                backed_by_quantity(item, "cadence", item.get(e("cadence")))
            # 7. entry into force on the last signature
            if name == "entryIntoForce" and item.get(e("rule")) == "lastSignature":
                ev = target(item.get(e("event"), ""))
                if ev is None:
                    problems.append("ent:entryIntoForce rule=lastSignature without a resolvable ent:event")
                elif not sig_dates or ev.get("date") != sig_dates[-1]:
                    problems.append("entry into force %s is not the last signature %s"
                                    % (ev.get("date"), sig_dates[-1] if sig_dates else None))
        # 5. single items
        for name in SINGLE:
            if counts.get(name, 0) > 1:
                problems.append("ent:%s appears %d times" % (name, counts[name]))
        # 8. schema of the block
        ET.register_namespace("ent", ENT)
        xml = ET.tostring(block, encoding="unicode")
        r = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", XSD, "-"],
                           input=xml, capture_output=True, text=True)
        if r.returncode != 0:
            problems.append("ent:agreement not valid against entente-tracking.xsd:\n" + r.stderr.strip())

    return problems, len(by_id), n_refs


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    bad = 0
    for path in paths:
        problems, n_ids, n_refs = check(path)
        if problems:
            bad += 1
            print("%s: %d problem(s)" % (path, len(problems)))
            for p in problems:
                print("  - " + p)
        else:
            print("%s: ok (%d eIds, %d local references resolved, tracking block valid)"
                  % (path, n_ids, n_refs))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
