import Mustache
import EntenteCore

/// The view model: plain dictionaries the templates read. The fixed words of a report live in
/// its template (one per language); this builds only what comes from the data, already in the
/// report's language (dates in long form, statuses, amounts) and, for Markdown, escaped.
/// For HTML, Mustache's `{{x}}` does the escaping.
struct ReportContext {
    /// The values the template renders.
    var values: [String: Any]
    /// The shape of one element of each list, by the list's key, so that the template check
    /// can verify the keys used inside a section even when this report's list is empty.
    var shapes: [String: [String: Any]]
}

enum ReportModel {
    static func context(_ kind: ReportKind, input: ReportInput, format: ReportFormat) -> ReportContext {
        var b = Builder(input: input, format: format)
        let values: [String: Any]
        switch kind {
        case .biennial: values = b.biennial()
        case .plan: values = b.plan()
        case .progress: values = b.progress()
        case .noticeLetter: values = b.noticeLetter()
        }
        return ReportContext(values: values, shapes: b.shapes())
    }

    struct Builder {
        let input: ReportInput
        let format: ReportFormat
        var lang: Language { input.language }
        var fr: Bool { lang == .fr }
        var a: Agreement { input.agreement }

        /// User text, made safe for the output format.
        func t(_ s: String?) -> String {
            guard let s else { return "" }
            return format == .markdown ? MarkdownEscape.escape(s) : s
        }

        func long(_ d: CivilDate?) -> String { d.map { $0.long(lang) } ?? "" }

        /// An enumerated item without its closing punctuation ("vidéoconférences;" → "vidéoconférences").
        func label(_ s: String) -> String {
            var s = Substring(s)
            while let l = s.last, l == ";" || l == "." || l == "," || l == " " { s.removeLast() }
            return t(String(s))
        }

        /// "12 950,00 CAD" (narrow no-break space, comma) / "12,950.00 CAD".
        func money(_ minor: Int64, _ currency: String) -> String {
            let whole = String(minor.magnitude / 100)
            let cents = minor.magnitude % 100
            var grouped = ""
            for (i, ch) in whole.reversed().enumerated() {
                if i > 0, i % 3 == 0 { grouped.append(fr ? "\u{202F}" : ",") }
                grouped.append(ch)
            }
            let number = String(grouped.reversed()) + (fr ? "," : ".") + (cents < 10 ? "0" : "") + String(cents)
            return (minor < 0 ? "-" : "") + number + "\u{00A0}" + t(currency)
        }

        /// The party's name in force at the end of the report's period (Pôle emploi → France Travail).
        func partyName(_ id: String, on date: CivilDate? = nil) -> String {
            t(a.party(id)?.name(on: date ?? input.to) ?? id)
        }

        func and(_ items: [String]) -> String {
            guard items.count > 1 else { return items.first ?? "" }
            return items.dropLast().joined(separator: ", ") + (fr ? " et " : " and ") + items.last!
        }

        func dates(_ start: CivilDate, _ end: CivilDate?) -> String {
            guard let end, end != start else { return long(start) }
            return fr ? "du \(long(start)) au \(long(end))" : "\(long(start)) to \(long(end))"
        }

        func status(_ s: ActivityStatus) -> String {
            switch s {
            case .planned: return fr ? "prévue" : "planned"
            case .underWay: return fr ? "en cours" : "under way"
            case .done: return fr ? "réalisée" : "done"
            case .cancelled: return fr ? "annulée" : "cancelled"
            }
        }

        /// An activity belongs to a period when its dates overlap it.
        func overlaps(_ x: Activity, _ from: CivilDate, _ to: CivilDate) -> Bool { x.start <= to && (x.end ?? x.start) >= from }
        func inPeriod(_ x: Activity) -> Bool { overlaps(x, input.from, input.to) }

        /// Chronological, then by title, so that reports do not depend on storage order.
        func sorted(_ xs: [Activity]) -> [Activity] {
            xs.sorted { ($0.start, $0.title) < ($1.start, $1.title) }
        }

        func bodyName(_ id: String) -> String { t(a.bodies.first { $0.id == id }?.name ?? id) }

        // MARK: - Shared views

        func base() -> [String: Any] {
            [
                "lang": lang.rawValue,
                "agreement": [
                    "id": t(a.id), "title": t(a.title(lang)), "shortTitle": t(a.displayTitle(lang)),
                    // The official title, when the short one differs (often in capitals in the text).
                    "hasOfficialTitle": a.displayTitle(lang) != a.title(lang),
                    "parties": and(a.parties.map { partyName($0.id) }),
                ] as [String: Any],
                "parties": a.parties.map { ["id": t($0.id), "name": partyName($0.id)] },
                "period": ["from": long(input.from), "to": long(input.to), "fromISO": input.from.iso, "toISO": input.to.iso],
                "asOf": long(input.asOf),
                "asOfISO": input.asOf.iso,
            ]
        }

        func activityView(_ x: Activity) -> [String: Any] {
            let means = x.meansOfAction.map { m in label(a.meansOfAction.first { $0.num == m || $0.text == m }?.text ?? m) }
            return [
                "id": x.id.map { String($0) } ?? "",
                "title": t(x.title),
                "description": t(x.description),
                "hasDescription": x.description?.isEmpty == false,
                "dates": dates(x.start, x.end),
                "status": status(x.status),
                "domains": t(x.domains.joined(separator: ", ")),
                "hasDomains": !x.domains.isEmpty,
                "means": means.joined(separator: "; "),
                "hasMeans": !means.isEmpty,
                "parties": and(x.parties.map { partyName($0) }),
                "hasParties": !x.parties.isEmpty,
                "participants": x.participants.map { "\(t($0.name)) (\(partyName($0.party)))" }.joined(separator: "; "),
                "hasParticipants": !x.participants.isEmpty,
                "costs": x.costs.map { "\(money($0.amountMinor, $0.currency)) (\(partyName($0.party)))" }.joined(separator: "; "),
                "hasCosts": !x.costs.isEmpty,
                "outcomes": t(x.outcomes),
                "hasOutcomes": x.outcomes?.isEmpty == false,
            ]
        }

        /// An échéance (feminine in French): its state in words, late when met after the due date.
        func deadlineView(_ d: Deadline) -> [String: Any] {
            let late = d.status == .met && (d.metOn ?? d.due) > d.due
            let words: String
            switch d.status {
            case .upcoming: words = fr ? "à venir" : "upcoming"
            case .dueSoon: words = fr ? "bientôt due" : "due soon"
            case .overdue: words = fr ? "en retard" : "overdue"
            case .met: words = late ? (fr ? "respectée en retard" : "met late") : (fr ? "respectée" : "met")
            }
            return [
                "due": long(d.due),
                "title": t(d.title[lang]),
                "status": words,
                "met": d.status == .met,
                "late": late,
                "missed": d.status == .overdue,
                "metOn": long(d.metOn),
                "hasMetOn": d.metOn != nil,
                "metBy": t(d.metBy?[lang]),
                "note": t(d.note?[lang]),
                "hasNote": d.note != nil,
                "source": t(d.source),
            ]
        }

        func meetingView(_ m: Meeting) -> [String: Any] {
            let kind = a.bodies.first { $0.id == m.body }?.kind
            return [
                "date": long(m.date),
                "body": bodyName(m.body),
                "workingGroup": kind == .workingGroup,
                "agenda": t(m.agenda.joined(separator: "; ")),
                "hasAgenda": !m.agenda.isEmpty,
                "decisions": m.decisions.map { ["text": t($0.text)] },
                "hasDecisions": !m.decisions.isEmpty,
            ]
        }

        func domainView(_ d: Domain, live: [Activity]) -> [String: Any] {
            let inDomain = live.filter { x in x.domains.contains { $0 == d.num || $0.hasPrefix(d.num + ".") } }
            return [
                "num": t(d.num), "label": label(d.label),
                "done": inDomain.filter { $0.status == .done }.count,
                "underWay": inDomain.filter { $0.status == .underWay }.count,
                "planned": inDomain.filter { $0.status == .planned }.count,
                "count": inDomain.count,
                "hasDomainActivities": !inDomain.isEmpty,
                "domainActivities": inDomain.map { ["title": t($0.title), "dates": dates($0.start, $0.end), "status": status($0.status)] },
            ]
        }

        func planItemView(_ p: ActionPlan, _ item: PlanItem, linked: [Activity]) -> [String: Any] {
            [
                "plan": "\(p.periodStart.year)–\(p.periodEnd.year)",
                "title": t(item.title),
                "domains": t(item.domains.joined(separator: ", ")),
                "start": long(item.start),
                "due": long(item.due),
                "lead": item.leadParty.map { partyName($0) } ?? "",
                "progress": item.progress,
                "linked": linked.map { "\(t($0.title)) (\(status($0.status)))" }.joined(separator: "; "),
                "hasLinked": !linked.isEmpty,
                "linkedActivities": linked.map { ["title": t($0.title), "status": status($0.status), "dates": dates($0.start, $0.end)] },
            ]
        }

        func planView(_ p: ActionPlan) -> [String: Any] {
            let approval = p.approvedAtMeeting.flatMap { id in input.history.meetings.first { $0.id == id } }
            return [
                "period": "\(p.periodStart.year)–\(p.periodEnd.year)",
                "from": long(p.periodStart), "to": long(p.periodEnd),
                "approved": p.status == .approved,
                "approvedOn": long(p.approvedOn ?? approval?.date),
                "hasApprovedOn": (p.approvedOn ?? approval?.date) != nil,
                "items": p.items.map { item in
                    planItemView(p, item, linked: sorted(input.history.activities.filter { $0.planItemID != nil && $0.planItemID == item.id }))
                },
                "hasItems": !p.items.isEmpty,
            ]
        }

        /// Element shapes for the template check (see `ReportContext.shapes`).
        func shapes() -> [String: [String: Any]] {
            let x = Activity(agreementID: a.id, title: "", start: input.from)
            let plan = ActionPlan(agreementID: a.id, periodStart: input.from, periodEnd: input.to)
            let meeting = Meeting(agreementID: a.id, body: "", date: input.from)
            let deadline = Deadline(agreementID: a.id, kind: .biennialReport, title: Localized(fr: "", en: ""), due: input.from, status: .upcoming, source: "")
            let activity = activityView(x)
            return [
                "activities": activity, "cancelled": activity, "projects": activity,
                "domains": domainView(Domain(eId: "", num: "", printedNum: nil, heading: nil, text: ""), live: []),
                "domainActivities": ["title": "", "dates": "", "status": ""],
                "planItems": planItemView(plan, PlanItem(title: ""), linked: []),
                "items": planItemView(plan, PlanItem(title: ""), linked: []),
                "linkedActivities": ["title": "", "status": "", "dates": ""],
                "plans": planView(plan),
                "means": ["num": "", "text": "", "count": 0],
                "costs": ["party": "", "currency": "", "amount": ""],
                "deadlines": deadlineView(deadline),
                "meetings": meetingView(meeting),
                "decisions": ["text": ""],
                "parties": ["id": "", "name": ""],
                "representatives": ["party": "", "who": ""],
            ]
        }

        // MARK: - Biennial report

        mutating func biennial() -> [String: Any] {
            var c = base()
            let acts = sorted(input.history.activities.filter(inPeriod))
            let live = acts.filter { $0.status != .cancelled }
            let cancelled = acts.filter { $0.status == .cancelled }
            c["isEmpty"] = live.isEmpty
            c["activities"] = live.map { Row(activityView($0)) }
            c["hasActivities"] = !live.isEmpty
            c["cancelled"] = cancelled.map(activityView)
            c["hasCancelled"] = !cancelled.isEmpty
            c["counts"] = [
                "total": live.count,
                "done": live.filter { $0.status == .done }.count,
                "underWay": live.filter { $0.status == .underWay }.count,
                "planned": live.filter { $0.status == .planned }.count,
                "cancelled": cancelled.count,
            ]
            c["domains"] = a.domains.map { domainView($0, live: live) }
            let items = planItems(live: live)
            c["planItems"] = items
            c["hasPlan"] = !items.isEmpty
            var means: [[String: Any]] = []
            for m in a.meansOfAction {
                let n = live.filter { $0.meansOfAction.contains(m.num) || $0.meansOfAction.contains(m.text) }.count
                means.append(["num": t(m.num), "text": label(m.text), "count": n])
            }
            c["means"] = means
            c["hasMeans"] = !means.isEmpty
            let costs = costTotals(live)
            c["costs"] = costs
            c["hasCosts"] = !costs.isEmpty
            c["ownParticipantsCostRule"] = a.costRule == .ownParticipants
            let ds = input.deadlines.filter { $0.due >= input.from && $0.due <= input.to }.sorted { $0.due < $1.due }
            c["deadlines"] = ds.map(deadlineView)
            c["hasDeadlines"] = !ds.isEmpty
            c["deadlinesMet"] = ds.filter { $0.status == .met }.count
            c["deadlinesMissed"] = ds.filter { $0.status == .overdue }.count
            // A corrected meeting is shown once, as corrected.
            let corrected = Set(input.history.meetings.compactMap(\.corrects))
            let meetings = input.history.meetings
                .filter { $0.date >= input.from && $0.date <= input.to && !($0.id.map(corrected.contains) ?? false) }
                .sorted { $0.date < $1.date }
            c["meetings"] = meetings.map(meetingView)
            c["hasMeetings"] = !meetings.isEmpty
            func count(_ kind: BodyKind) -> Int { meetings.filter { m in a.bodies.contains { $0.id == m.body && $0.kind == kind } }.count }
            c["jointCommitteeMeetings"] = count(.jointCommittee)
            c["workingGroupMeetings"] = count(.workingGroup)
            let copyTo = a.obligations.first { $0.kind == .biennialReport && $0.copyTo != nil }?.copyTo
            c["copyTo"] = t(copyTo)
            c["hasCopyTo"] = copyTo != nil
            return c
        }

        /// Items of the approved plans that overlap the period, with the activities that carried them out.
        func planItems(live: [Activity]) -> [[String: Any]] {
            let plans = input.history.plans.filter { $0.status == .approved && $0.periodStart <= input.to && $0.periodEnd >= input.from }
                .sorted { $0.periodStart < $1.periodStart }
            return plans.flatMap { p in
                p.items.map { item in
                    planItemView(p, item, linked: sorted(live.filter { $0.planItemID != nil && $0.planItemID == item.id }))
                }
            }
        }

        func costTotals(_ acts: [Activity]) -> [[String: Any]] {
            var totals: [String: [String: Int64]] = [:]
            for x in acts { for c in x.costs { totals[c.party, default: [:]][c.currency, default: 0] += c.amountMinor } }
            // In the agreement's order of parties, then any other payer.
            let order = a.parties.map(\.id) + totals.keys.filter { a.party($0) == nil }.sorted()
            return order.flatMap { party in
                (totals[party] ?? [:]).keys.sorted().map { cur in
                    ["party": partyName(party), "currency": t(cur), "amount": money(totals[party]![cur]!, cur)]
                }
            }
        }

        // MARK: - Biennial action plan

        mutating func plan() -> [String: Any] {
            var c = base()
            let plans = input.history.plans.filter { $0.periodStart <= input.to && $0.periodEnd >= input.from }
                .sorted { $0.periodStart < $1.periodStart }
            c["plans"] = plans.map(planView)
            c["hasPlan"] = !plans.isEmpty
            let planned = sorted(input.history.activities.filter { inPeriod($0) && ($0.status == .planned || $0.status == .underWay) })
            c["activities"] = planned.map(activityView)
            c["hasActivities"] = !planned.isEmpty
            let ds = input.deadlines.filter { $0.status != .met && $0.due >= input.from && $0.due <= input.to }.sorted { $0.due < $1.due }
            c["deadlines"] = ds.map(deadlineView)
            c["hasDeadlines"] = !ds.isEmpty
            return c
        }

        // MARK: - Progress report

        mutating func progress() -> [String: Any] {
            var c = base()
            // Without a meeting given, the Coordination Committee's next recorded meeting.
            let coordination = Set(a.bodies(of: .coordinationCommittee).map(\.id))
            let meeting = input.meeting ?? input.history.meetings
                .filter { coordination.contains($0.body) && $0.date >= input.asOf && $0.corrects == nil }
                .min { $0.date < $1.date }
            let committee = meeting.map { m in a.bodies.first { $0.id == m.body } } ?? a.bodies(of: .coordinationCommittee).first
            c["committee"] = t(committee?.name ?? meeting?.body ?? "")
            c["hasCommittee"] = committee != nil || meeting != nil
            c["hasMeeting"] = meeting != nil
            c["meetingDate"] = long(meeting?.date)
            // Since the previous progress report when there is one (not the one for this meeting),
            // else over [from, to].
            let before = meeting?.date ?? input.to
            let previous = input.history.progressReports
                .filter { $0.submittedOn < before && ($0.meetingID == nil || $0.meetingID != meeting?.id) }
                .max { $0.submittedOn < $1.submittedOn }
            let since = max(input.from, previous.map { $0.submittedOn.adding(days: 1) } ?? input.from)
            // Said only when the previous report is what starts the window.
            c["hasPreviousReport"] = previous.map { $0.submittedOn.adding(days: 1) >= input.from } ?? false
            c["previousReport"] = long(previous?.submittedOn)
            c["since"] = long(since)
            let acts = sorted(input.history.activities.filter { overlaps($0, since, input.to) && $0.status != .cancelled })
            c["activities"] = acts.map(activityView)
            c["isEmpty"] = acts.isEmpty
            c["hasActivities"] = !acts.isEmpty
            // Open deadlines: what is overdue, then the next ones (up to a year after the meeting).
            let horizon = (meeting?.date ?? input.asOf).adding(years: 1)
            let open = input.deadlines.filter { $0.status != .met && $0.due <= horizon }.sorted { $0.due < $1.due }
            c["deadlines"] = open.map(deadlineView)
            c["hasDeadlines"] = !open.isEmpty
            c["representatives"] = a.representatives.map { r in
                ["party": partyName(r.party), "who": t([r.person, r.role].compactMap { $0 }.joined(separator: ", "))]
            }
            c["hasRepresentatives"] = !a.representatives.isEmpty
            return c
        }

        // MARK: - Notice letter

        mutating func noticeLetter() -> [String: Any] {
            var c = base()
            let n = input.notice
            let sent = n?.sentOn ?? input.asOf
            // Names as of the day the letter is sent.
            c["from"] = n.map { partyName($0.party, on: sent) } ?? ""
            c["to"] = and(a.parties.filter { $0.id != n?.party }.map { partyName($0.id, on: sent) })
            c["sentOn"] = long(n?.sentOn)
            c["effectiveEnd"] = long(n?.effectiveEnd)
            c["hasNotice"] = n != nil
            let clause = a.notice
            c["hasClause"] = clause != nil
            c["period"] = clause.map { PeriodText.describe($0.period, lang) } ?? ""
            c["written"] = clause?.written ?? false
            c["provision"] = t(clause.flatMap { $0.source.num } ?? clause?.source.eId ?? "")
            c["signedOn"] = long(a.signatures.compactMap(\.date).max())
            c["hasSignedOn"] = a.signatures.contains { $0.date != nil }
            // French: "de l'Entente …" reads well only before a vowel; otherwise name it.
            // The short title: official titles are often all in capitals, unreadable mid-sentence.
            let title = a.displayTitle(lang)
            let vowel = title.first.map { "AEIOUHÉÈÂÎaeiouhéèâî".contains($0) } ?? false
            c["agreementOfTitle"] = t(vowel ? "de l'\(title)" : "de l'entente intitulée «\u{00A0}\(title)\u{00A0}»")
            let ongoing = sorted(TerminationRules.jointProjectsToComplete(agreement: a, history: input.history, asOf: sent))
            c["completeProjects"] = a.onNotice == .completeOngoingJointProjects
            c["projects"] = ongoing.map(activityView)
            c["hasProjects"] = !ongoing.isEmpty
            return c
        }
    }
}

/// Escaping for Markdown (CommonMark/GFM): user text stays literal. A backslash before ASCII
/// punctuation is CommonMark's own escape, so the raw file stays readable: `\*`, `\<script>`.
/// Line ends become spaces (a value never starts a line, a heading or a list item), and `&`
/// is escaped only where it would start an entity (`&amp;`).
public enum MarkdownEscape {
    public static func escape(_ s: String) -> String {
        var out = ""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#", "!": out += "\\" + String(c)
            case "&":
                let rest = chars[(i + 1)...].prefix { $0.isLetter || $0.isNumber || $0 == "#" }
                let endsEntity = !rest.isEmpty && i + 1 + rest.count < chars.count && chars[i + 1 + rest.count] == ";"
                out += endsEntity ? "\\&" : "&"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}

/// One element of a long list in a template's context. swift-mustache finds a name in a
/// context object through dynamic casts; for a plain `[String: Any]` each cast resolves a
/// conditional conformance, for a final class a direct one (measured on 10,000 rows).
final class Row: MustacheParent, @unchecked Sendable {
    let values: [String: Any]
    init(_ values: [String: Any]) { self.values = values }
    func child(named name: String) -> Any? { values[name] }
}
