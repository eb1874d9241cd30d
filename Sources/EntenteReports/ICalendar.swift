import EntenteCore

/// Deadlines as an RFC 5545 calendar: one all-day event per deadline, with a UID that stays
/// the same from run to run so calendar programs update events instead of duplicating them.
public enum ICalendar {
    public static func render(_ deadlines: [Deadline], language: Language, stamp: CivilDate) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Entente//Entente deadlines//\(language == .fr ? "FR" : "EN")",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(language == .fr ? "Échéances des ententes" : "Agreement deadlines"),
        ]
        for d in deadlines {
            var description = "\(Labels.status(d.status, language)) — source\(language == .fr ? " :" : ":") \(d.source)"
            if let m = d.metOn { description += language == .fr ? "\nRespectée le \(m.long(.fr))" : "\nMet on \(m.long(.en))" }
            if let by = d.metBy { description += " (\(by[language]))" }
            if let n = d.note { description += "\n" + n[language] }
            lines += [
                "BEGIN:VEVENT",
                "UID:" + uid(d),
                "DTSTAMP:\(stamp.basic)T000000Z",
                "DTSTART;VALUE=DATE:\(d.due.basic)",
                "DTEND;VALUE=DATE:\(d.due.adding(days: 1).basic)",
                "SUMMARY:" + escape("[\(d.agreementID)] \(d.title[language])"),
                "DESCRIPTION:" + escape(description),
                "CATEGORIES:" + escape(d.kind.rawValue),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `agreement/kind/date` made safe for a UID, with the tool's domain-like suffix.
    static func uid(_ d: Deadline) -> String {
        let safe = d.stableKey.map { c -> Character in c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".") ? c : "-" }
        return String(safe) + "@entente"
    }

    /// TEXT escaping (RFC 5545 §3.3.11).
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1).
    public static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let n = String(scalar).utf8.count
            if count + n > limit {
                out += "\r\n "
                count = 1
                limit = 75
            }
            out.unicodeScalars.append(scalar)
            count += n
        }
        return out
    }
}
