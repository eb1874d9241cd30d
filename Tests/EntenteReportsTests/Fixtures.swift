import EntenteCore
import EntenteService
@testable import EntenteReports
import Foundation

func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }

/// A realistic report input: an agreement shaped like Québec–Pôle emploi and its sample log.
enum ReportFixture {
    static let agreement = Agreement(
        id: "quebec-pole-emploi-2022",
        titles: [AgreementTitle(language: .fr, text: "Entente visant la coopération dans le domaine de l'emploi"),
                 AgreementTitle(language: .en, text: "Agreement on cooperation in the field of employment", official: false)],
        language: .fr,
        parties: [Party(id: "gouvernement-quebec", name: "Gouvernement du Québec"),
                  Party(id: "pole-emploi", name: "Pôle emploi", laterNames: [PartyName(name: "France Travail", from: day("2024-01-01"))])],
        representatives: [Representative(party: "gouvernement-quebec", person: "Carole Arav", role: "Sous-ministre", source: nil)],
        signatures: [Signature(party: "gouvernement-quebec", signatory: "Carole Arav", role: "Sous-ministre", place: "Québec", date: day("2022-06-22"), basis: .text),
                     Signature(party: "pole-emploi", signatory: "Jean Bassères", role: "Directeur général", place: "Paris", date: day("2022-11-07"), basis: .text)],
        entryIntoForce: EntryIntoForce(rule: .lastSignature, date: day("2022-11-07"), source: nil),
        notice: NoticeClause(period: Period(6, .month), written: true, minimum: true, source: ProvisionRef(eId: "art_9__para_1", num: "9"), basis: .metadata),
        onNotice: .completeOngoingJointProjects,
        domains: (1...7).map { Domain(eId: "d\($0)", num: "\($0)", printedNum: nil, heading: nil, text: ["à la mobilité interrégionale;", "au maintien en emploi;", "aux parcours d'accompagnement;", "aux projets numériques et à l'IA;", "à la reconversion professionnelle;", "aux enquêtes sur les besoins de main-d'œuvre;", "au jumelage de bureaux."][$0 - 1]) },
        meansOfAction: (1...5).map { MeansOfAction(eId: "m\($0)", num: "\($0)", text: ["échanges d'expertises;", "partage d'analyse;", "vidéoconférences;", "missions croisées d'experts;", "conférences."][$0 - 1]) },
        bodies: [Body(id: "comite-mixte", kind: .jointCommittee, name: "Comité mixte", firstMeetingWithin: Period(2, .year), firstMeetingFrom: .lastSignature),
                 Body(id: "groupes-travail", kind: .workingGroup, name: "Groupes de travail", cadence: Period(6, .month)),
                 Body(id: "comite-coordination", kind: .coordinationCommittee, name: "Comité de coordination", external: true)],
        obligations: [Obligation(kind: .biennialReport, every: Period(2, .year), to: "comite-mixte", copyTo: "Commission permanente de coopération franco-québécoise")],
        costRule: .ownParticipants)

    /// The sample log, with ids given as storage would.
    static var history: AgreementHistory {
        var h = AgreementHistory()
        var nextID: Int64 = 1
        var plans: [Int: ActionPlan] = [:]
        var meetings: [Int: Int64] = [:]
        func id() -> Int64 { defer { nextID += 1 }; return nextID }
        for (i, e) in SampleLog.quebecPoleEmploi().enumerated() {
            switch e {
            case .activity(var a): a.id = id(); h.activities.append(a)
            case .plan(var p):
                p.id = id()
                p.items = p.items.map { var x = $0; x.id = id(); return x }
                plans[i] = p
                h.plans.append(p)
            case .activityForPlanItem(var a, let planEntry, let item):
                a.id = id(); a.planItemID = plans[planEntry]?.items[item].id; h.activities.append(a)
            case .meeting(var m, let approves):
                m.id = id(); meetings[i] = m.id
                if let approves, let k = h.plans.firstIndex(where: { $0.id == plans[approves]?.id }) {
                    h.plans[k].status = .approved; h.plans[k].approvedOn = m.date
                }
                h.meetings.append(m)
            case .biennialReport(var r): r.id = id(); h.biennialReports.append(r)
            case .progressRequest(var r): r.id = id(); h.progressRequests.append(r)
            case .progressReport(var r, let m): r.id = id(); r.meetingID = m.flatMap { meetings[$0] }; h.progressReports.append(r)
            }
        }
        return h
    }

    /// The Coordination Committee meeting a progress report is for.
    static let coordinationMeeting = Meeting(id: 900, agreementID: agreement.id, body: "comite-coordination", date: day("2027-01-21"),
                                             agenda: ["Rapports d'étape"])

    /// The input of the golden file of a kind: the 2023–2024 biennium, except for the progress
    /// report, written on the as-of date for the next Coordination Committee meeting.
    static func input(_ lang: Language, for kind: ReportKind) -> ReportInput {
        kind == .progress ? input(lang, from: "2025-01-01", to: "2026-11-22") : input(lang)
    }

    static func input(_ lang: Language, from: String = "2023-01-01", to: String = "2024-12-31") -> ReportInput {
        var h = history
        // A progress report sent before an earlier meeting: the next one starts after it.
        h.meetings.append(coordinationMeeting)
        h.progressReports.append(ProgressReport(id: 901, agreementID: agreement.id, body: "comite-coordination", submittedOn: day("2026-05-29")))
        let deadlines = DeadlineEngine().deadlines(for: agreement, history: h, asOf: day("2026-11-22"))
        var i = ReportInput(agreement: agreement, history: h, deadlines: deadlines, from: day(from), to: day(to), asOf: day("2026-11-22"), language: lang)
        i.meeting = coordinationMeeting
        i.notice = TerminationNotice(agreementID: agreement.id, party: "gouvernement-quebec", sentOn: day("2026-12-01"), effectiveEnd: day("2027-06-01"))
        return i
    }

    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("entente-reports-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}
