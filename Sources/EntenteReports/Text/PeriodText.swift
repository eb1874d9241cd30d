import EntenteCore

/// "six mois" / "6 months" style wording of a period.
public enum PeriodText {
    public static func describe(_ p: Period, _ lang: Language) -> String {
        switch (lang, p.unit) {
        case (.fr, .day): return "\(p.length) jour\(p.length > 1 ? "s" : "")"
        case (.fr, .month): return "\(p.length) mois"
        case (.fr, .year): return "\(p.length) an\(p.length > 1 ? "s" : "")"
        case (.en, .day): return "\(p.length) day\(p.length == 1 ? "" : "s")"
        case (.en, .month): return "\(p.length) month\(p.length == 1 ? "" : "s")"
        case (.en, .year): return "\(p.length) year\(p.length == 1 ? "" : "s")"
        }
    }
}

/// Bilingual labels shared by the text views.
public enum Labels {
    public static func state(_ s: AgreementState, _ lang: Language) -> String {
        switch s {
        case .notYetInForce: return lang == .fr ? "signée, pas encore en vigueur" : "signed, not yet in force"
        case .expired: return lang == .fr ? "expirée (durée déterminée échue)" : "expired (fixed term ended)"
        case .inForce: return lang == .fr ? "en vigueur" : "in force"
        case .terminating: return lang == .fr ? "en cours de résiliation (préavis donné)" : "terminating (notice given)"
        case .terminated: return lang == .fr ? "terminée" : "terminated"
        case .unknown: return lang == .fr ? "inconnu (entrée en vigueur non établie)" : "unknown (entry into force not established)"
        }
    }

    public static func status(_ s: DeadlineStatus, _ lang: Language) -> String {
        switch s {
        case .upcoming: return lang == .fr ? "à venir" : "upcoming"
        case .dueSoon: return lang == .fr ? "bientôt dû" : "due soon"
        case .overdue: return lang == .fr ? "en retard" : "overdue"
        case .met: return lang == .fr ? "respecté" : "met"
        }
    }

    /// What a kind of deadline is, for filters (the deadline's own title says more).
    public static func deadlineKind(_ k: DeadlineKind, _ lang: Language) -> String {
        let fr = lang == .fr
        switch k {
        case .entryIntoForce: return fr ? "entrée en vigueur" : "entry into force"
        case .firstJointCommitteeMeeting: return fr ? "première réunion du comité mixte" : "first joint committee meeting"
        case .biennialActionPlan: return fr ? "plan d'action biennal" : "biennial action plan"
        case .biennialReport: return fr ? "rapport biennal" : "biennial report"
        case .reportCopyToCommission: return fr ? "copie du rapport à la Commission" : "copy of the report to the Commission"
        case .workingGroupMeeting: return fr ? "réunion de groupe de travail" : "working group meeting"
        case .progressReportBeforeMeeting: return fr ? "rapport d'étape avant réunion" : "progress report before a meeting"
        case .progressReportOnRequest: return fr ? "rapport d'étape sur demande" : "progress report on request"
        case .terminationEnd: return fr ? "fin par résiliation" : "end by termination"
        case .termExpiry: return fr ? "fin de durée ou de période" : "end of term or period"
        case .nonRenewalNotice: return fr ? "avis de non-reconduction" : "notice of non-renewal"
        }
    }

    public static func body(_ k: BodyKind, _ lang: Language) -> String {
        switch k {
        case .jointCommittee: return lang == .fr ? "comité mixte" : "joint committee"
        case .coordinationCommittee: return lang == .fr ? "comité de coordination (externe)" : "coordination committee (outside body)"
        case .workingGroup: return lang == .fr ? "groupe de travail" : "working group"
        }
    }

    public static func basis(_ b: FactBasis, _ lang: Language) -> String {
        switch b {
        case .metadata: return lang == .fr ? "métadonnées de suivi" : "tracking metadata"
        case .text: return lang == .fr ? "texte" : "text"
        case .external: return lang == .fr ? "source publique hors texte" : "public source outside the text"
        }
    }

    public static func unknown(_ lang: Language) -> String { lang == .fr ? "inconnu" : "unknown" }
}
