/// The unit of a period under an agreement.
public enum PeriodUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case day, month, year
}

/// A length of time such as "six (6) months" (préavis de six mois) or "two years".
public struct Period: Sendable, Hashable, Codable, CustomStringConvertible {
    public var length: Int
    public var unit: PeriodUnit

    public init(_ length: Int, _ unit: PeriodUnit) {
        self.length = length
        self.unit = unit
    }

    /// The longest period read from a text or metadata, in its own unit (100,000 days is
    /// 273 years). Longer is not a period under an agreement, and `after`/`before` on
    /// lengths near `Int.max` overflow (a weeks value of 2^61 crashed the importer: fuzzing).
    public static let maximumLength = 100_000

    /// Parses the ISO 8601 durations used in the metadata: `P6M`, `P2Y`, `P30D`, `P2W`;
    /// nil for anything else, or for a length above `maximumLength` (weeks counted as days).
    public init?(iso: String) {
        guard iso.count >= 3, iso.first == "P", let n = Int(iso.dropFirst().dropLast()), n >= 0,
              n <= Period.maximumLength else { return nil }
        switch iso.last {
        case "D": self.init(n, .day)
        case "W":
            guard n * 7 <= Period.maximumLength else { return nil }
            self.init(n * 7, .day)
        case "M": self.init(n, .month)
        case "Y": self.init(n, .year)
        default: return nil
        }
    }

    public var iso: String {
        switch unit {
        case .day: return "P\(length)D"
        case .month: return "P\(length)M"
        case .year: return "P\(length)Y"
        }
    }

    public var description: String { iso }

    /// `date` + this period, clamped to the end of the month for months and years.
    public func after(_ date: CivilDate) -> CivilDate {
        switch unit {
        case .day: return date.adding(days: length)
        case .month: return date.adding(months: length)
        case .year: return date.adding(years: length)
        }
    }

    /// `date` − this period, clamped the same way.
    public func before(_ date: CivilDate) -> CivilDate {
        switch unit {
        case .day: return date.adding(days: -length)
        case .month: return date.adding(months: -length)
        case .year: return date.adding(years: -length)
        }
    }
}

extension Period {
    /// "6 mois", "1 an", "30 jours" / "6 months", "1 year", "30 days".
    func words(_ lang: Language) -> String {
        let plural = length != 1
        switch (lang, unit) {
        case (.fr, .day): return "\(length) jour\(plural ? "s" : "")"
        case (.fr, .month): return "\(length) mois"
        case (.fr, .year): return "\(length) an\(plural ? "s" : "")"
        case (.en, .day): return "\(length) day\(plural ? "s" : "")"
        case (.en, .month): return "\(length) month\(plural ? "s" : "")"
        case (.en, .year): return "\(length) year\(plural ? "s" : "")"
        }
    }
}
