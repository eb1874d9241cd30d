/// Something a person can do through the service (action): every state-changing operation,
/// viewing, and the notice calculator. `Permissions.may` decides who may.
public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
    // Reading
    /// The register, an agreement, its texts, deadlines, reports, lists, per-agreement history.
    case view
    /// The notice calculator, both ways (no change is recorded).
    case noticeCalculator
    /// The audit log across every agreement, changes to people included.
    case viewAuditLog

    // Texts
    /// Import an agreement text (Akoma Ntoso), or bring in the workspace's folder.
    case importText
    /// Record a signed amendment and its new text.
    case recordAmendment

    // The activity log
    case addActivity
    case editActivity
    case cancelActivity

    // Plans
    /// Create a draft action plan and its items.
    case draftPlan
    /// Add or edit a plan item (its progress on an approved plan included).
    case editPlanItem
    case approvePlan

    // Meetings
    /// Record a meeting and its agenda, edit it while its minutes are open.
    case draftMeeting
    /// Record the decisions of a meeting.
    case recordDecisions
    /// Close minutes (then read-only).
    case closeMinutes
    /// Record a correcting entry of closed minutes (a new linked meeting entry).
    case correctMinutes
    /// Reopen closed minutes, with a reason (no operation does it yet; the right is settled).
    case reopenMinutes

    // Reports
    case submitProgressReport
    /// Record a committee's request for a progress report.
    case requestProgressReport
    /// Record a biennial report (its period), or that its copy was sent.
    case recordBiennialReport
    case approveBiennialReport

    // Termination
    /// Record a termination notice actually given.
    case recordNotice

    // People and the database
    /// Add people, change their role or agreements, disable them, set passwords, tokens.
    case managePeople
    /// Backups and integrity checks.
    case maintain
}

/// Who holds the rights of a call: the command line (on a workspace, or as the operator of a
/// shared database) or a signed-in person.
public enum Access: Sendable, Hashable {
    /// The command line on a workspace: whoever holds the file holds every right (issue 13 §3).
    case localAdministrator
    /// The command line on a shared database, as the operator who holds its credentials.
    case `operator`
    /// A person signed in through the web or an API token, with their own rights.
    case person(Person)
}

/// The permission matrix (qui peut faire quoi): one pure function, used by the service layer
/// for every operation so that the command line, the web pages and the API obey the same
/// rules.
///
/// Rules, from issue 13 §3 and the proposed matrix of shared/design/web-and-postgres.md §4:
/// - the command line (local administrator, operator) may everything;
/// - a disabled person may nothing;
/// - an administrator may everything;
/// - everyone active views everything and runs the notice calculator; only administrators
///   read the audit log across agreements (it holds the changes to people), the others read
///   it for one agreement (`view`);
/// - coordinators add, edit and cancel activities, draft plans and plan items, draft meetings
///   and agendas, submit progress reports and record biennial reports (their period, the
///   copy sent), for their agreements;
/// - committee members do that too, and also approve plans and biennial reports, record
///   decisions, close minutes, record correcting entries of closed minutes and committees'
///   requests for progress reports, for their agreements;
/// - recording a termination notice, importing texts and amendments, reopening closed
///   minutes, managing people and maintenance are for administrators.
///
/// What changed from the starting matrix, and why:
/// - the §4 proposal let a coordinator record a termination notice for their own party; the
///   issue keeps it for administrators, and so does this: a notice ends an agreement between
///   governments, a decision above a coordinator's, and it cannot be withdrawn in the record;
/// - the §4 proposal had committee members only comment on activities; the issue lets them
///   do what coordinators do, and so does this (a committee member often keeps a log too);
/// - correcting closed minutes (a new linked entry, never an edit) and recording a
///   committee's request for a progress report go with closing minutes: the committee's;
/// - a biennial report record without approval is a coordinator's; its approval the committee's;
/// - reading the whole audit log and maintenance (backups hold password hashes) are the
///   administrators', which neither list mentions.
public enum Permissions {
    /// The actions of coordinators, on their agreements.
    public static let coordinatorActions: Set<Action> = [
        .addActivity, .editActivity, .cancelActivity, .draftPlan, .editPlanItem, .draftMeeting,
        .submitProgressReport, .recordBiennialReport,
    ]
    /// The actions of committee members, on their agreements.
    public static let committeeActions: Set<Action> = coordinatorActions.union([
        .approvePlan, .approveBiennialReport, .recordDecisions, .closeMinutes, .correctMinutes, .requestProgressReport,
    ])
    /// What every active person may do, whatever the agreement.
    public static let everyoneActions: Set<Action> = [.view, .noticeCalculator]

    /// May this access do this action on this agreement?
    /// - Parameter agreement: the agreement the action is on; nil for an action on no
    ///   agreement or on all of them (never within a coordinator's or committee member's scope).
    public static func may(_ access: Access, _ action: Action, agreement: String?) -> Bool {
        switch access {
        case .localAdministrator, .operator:
            return true
        case .person(let p):
            guard p.active else { return false }
            if everyoneActions.contains(action) { return true }
            let allowed: Set<Action>
            switch p.role {
            case .admin: return true
            case .staff: return false
            case .coordinator: allowed = coordinatorActions
            case .committee: allowed = committeeActions
            }
            guard allowed.contains(action), let agreement else { return false }
            return p.agreements.contains(agreement)
        }
    }

    /// What recording this meeting asks for: drafting it, plus recording its decisions,
    /// closing its minutes, correcting closed ones, and the approvals it carries.
    public static func actions(recording m: Meeting) -> [Action] {
        var out: [Action] = [.draftMeeting]
        if !m.decisions.isEmpty { out.append(.recordDecisions) }
        if m.minutesClosed { out.append(.closeMinutes) }
        if m.corrects != nil { out.append(.correctMinutes) }
        if m.approvedPlanID != nil { out.append(.approvePlan) }
        if m.approvedReportID != nil { out.append(.approveBiennialReport) }
        return out
    }

    /// What changing a meeting from `before` to `after` asks for: editing it, plus whatever
    /// of decisions, closing and approvals changed.
    public static func actions(editing before: Meeting, to after: Meeting) -> [Action] {
        var out: [Action] = [.draftMeeting]
        if before.decisions != after.decisions { out.append(.recordDecisions) }
        if before.minutesClosed != after.minutesClosed { out.append(after.minutesClosed ? .closeMinutes : .reopenMinutes) }
        if before.corrects != after.corrects { out.append(.correctMinutes) }
        if before.approvedPlanID != after.approvedPlanID { out.append(.approvePlan) }
        if before.approvedReportID != after.approvedReportID { out.append(.approveBiennialReport) }
        return out
    }

    /// What recording a biennial report asks for: its approval too when it carries one.
    public static func actions(recording r: BiennialReportRecord) -> [Action] {
        r.approvedOn == nil ? [.recordBiennialReport] : [.recordBiennialReport, .approveBiennialReport]
    }

    /// What changing a biennial report asks for: its approval too when that changes.
    public static func actions(editing before: BiennialReportRecord, to after: BiennialReportRecord) -> [Action] {
        before.approvedOn == after.approvedOn ? [.recordBiennialReport] : [.recordBiennialReport, .approveBiennialReport]
    }

    /// What recording a plan asks for: drafting it, and approving it when it comes approved.
    public static func actions(recording p: ActionPlan) -> [Action] {
        p.status == .approved || p.approvedOn != nil ? [.draftPlan, .approvePlan] : [.draftPlan]
    }
}

extension Action {
    /// What the action is, for people ("record a termination notice").
    public func name(_ lang: Language) -> String {
        let fr = lang == .fr
        switch self {
        case .view: return fr ? "consulter" : "view"
        case .noticeCalculator: return fr ? "calculer un préavis" : "run the notice calculator"
        case .viewAuditLog: return fr ? "consulter tout le journal d'audit" : "read the whole audit log"
        case .importText: return fr ? "importer un texte d'entente" : "import an agreement text"
        case .recordAmendment: return fr ? "enregistrer une modification de l'entente" : "record an amendment"
        case .addActivity: return fr ? "ajouter une activité" : "add an activity"
        case .editActivity: return fr ? "modifier une activité" : "edit an activity"
        case .cancelActivity: return fr ? "annuler une activité" : "cancel an activity"
        case .draftPlan: return fr ? "préparer un plan d'action" : "draft an action plan"
        case .editPlanItem: return fr ? "modifier un élément de plan" : "edit a plan item"
        case .approvePlan: return fr ? "approuver un plan d'action" : "approve an action plan"
        case .draftMeeting: return fr ? "inscrire une réunion ou son ordre du jour" : "record a meeting or its agenda"
        case .recordDecisions: return fr ? "consigner des décisions" : "record decisions"
        case .closeMinutes: return fr ? "clore un procès-verbal" : "close minutes"
        case .correctMinutes: return fr ? "corriger un procès-verbal clos" : "correct closed minutes"
        case .reopenMinutes: return fr ? "rouvrir un procès-verbal clos" : "reopen closed minutes"
        case .submitProgressReport: return fr ? "consigner un rapport d'étape" : "record a progress report"
        case .requestProgressReport: return fr ? "consigner une demande de rapport d'étape" : "record a request for a progress report"
        case .recordBiennialReport: return fr ? "consigner un rapport biennal" : "record a biennial report"
        case .approveBiennialReport: return fr ? "approuver un rapport biennal" : "approve a biennial report"
        case .recordNotice: return fr ? "consigner un avis de résiliation" : "record a termination notice"
        case .managePeople: return fr ? "gérer les personnes" : "manage people"
        case .maintain: return fr ? "sauvegarder ou vérifier la base" : "back up or check the database"
        }
    }
}
