import EntenteCore

/// A realistic log for the two seed agreements, for `entente demo`: what a newcomer sees in a
/// living tracker. Material drawn from the seed documents (Ontario's Employment Services
/// Transformation and social assistance renewal, exchanged under Québec–Ontario domain 2.1)
/// and from the Québec–Pôle emploi text (domains, means of action, bodies).
///
/// Records are plain values: ids of plans and meetings are referred to by position and
/// resolved by whoever stores them (see `SampleLog.Entry`).
public enum SampleLog {
    /// One record to store, in order. Later entries refer to earlier ones by their index.
    public enum Entry: Sendable {
        case activity(Activity)
        case plan(ActionPlan)
        /// An activity carrying out item `item` of the plan stored at entry `planEntry`.
        case activityForPlanItem(Activity, planEntry: Int, item: Int)
        case meeting(Meeting, approvesPlanEntry: Int?)
        case biennialReport(BiennialReportRecord)
        case progressRequest(ProgressReportRequest)
        /// A progress report sent ahead of the meeting stored at entry `meetingEntry`.
        case progressReport(ProgressReport, meetingEntry: Int?)
    }

    static func d(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    public static let quebecOntarioID = "quebec-ontario-2008"
    public static let quebecPoleEmploiID = "quebec-pole-emploi-2022"

    /// Entries for the Québec–Ontario social services agreement.
    public static func quebecOntario(quebec: String = "gouvernement-quebec", ontario: String = "gouvernement-ontario",
                                     committee: String = "comite-coordination") -> [Entry] {
        let id = quebecOntarioID
        return [
            .meeting(Meeting(agreementID: id, body: committee, date: d("2019-11-14"),
                             agenda: ["Bilan des ententes spécifiques", "Services sociaux : priorités 2020"],
                             decisions: [Decision(text: "Les représentants désignés présenteront un état des travaux sur la transformation des services d'emploi de l'Ontario.")],
                             minutesClosed: true), approvesPlanEntry: nil),
            .progressReport(ProgressReport(agreementID: id, body: committee, submittedOn: d("2019-11-01"),
                                           title: "Rapport d'étape 2019 — aide sociale et emploi"), meetingEntry: 0),
            .activity(Activity(agreementID: id, title: "Échange d'information : régions de modélisation de la transformation des services d'emploi (Hamilton-Niagara, Muskoka-Kawarthas, Peel)",
                               description: "L'Ontario présente la sélection des gestionnaires de système de services (WCG pour Peel, consortium mené par Fedcap pour Hamilton-Niagara, Collège Fleming pour Muskoka-Kawarthas) et la période de transition jusqu'en octobre 2020.",
                               start: d("2020-02-18"), domains: ["2.1.1.4", "2.2.2"], parties: [quebec, ontario],
                               participants: [Participant(name: "Direction des politiques d'emploi", party: ontario),
                                              Participant(name: "Direction générale des politiques", party: quebec)],
                               status: .done, outcomes: "Note comparative sur les modèles à guichet unique transmise au Québec.")),
            .activity(Activity(agreementID: id, title: "Vidéoconférence : lancement de la phase III – prestation intégrée des services d'emploi",
                               description: "Depuis le 1er janvier 2021, les gestionnaires de systèmes de services sont responsables des services d'emploi des bénéficiaires d'Ontario au travail dans les régions de modélisation (note de service du 28 janvier 2021).",
                               start: d("2021-02-09"), domains: ["2.1.1.4", "2.3.2"], parties: [quebec, ontario], status: .done,
                               outcomes: "Le Québec partage son expérience des services intégrés d'emploi et de solidarité sociale.")),
            .meeting(Meeting(agreementID: id, body: committee, date: d("2021-03-25"), agenda: ["Suivi des ententes spécifiques"], minutesClosed: true),
                     approvesPlanEntry: nil),
            .progressReport(ProgressReport(agreementID: id, body: committee, submittedOn: d("2021-03-19"),
                                           title: "Rapport d'étape 2021 — services d'emploi intégrés"), meetingEntry: 4),
            .activity(Activity(agreementID: id, title: "Atelier : vision du renouveau de l'aide sociale (demande numérique, signature électronique, admissibilité fondée sur le risque)",
                               description: "Présentation de la vision ontarienne : réduire la paperasse (35 000 papiers par jour au POSPH), 47 organismes de prestation municipaux, rôle des partenaires municipaux.",
                               start: d("2021-06-15"), end: d("2021-06-16"), domains: ["2.1.1.1", "2.1.1.2", "2.1.1.3"],
                               parties: [quebec, ontario], status: .done)),
            .activity(Activity(agreementID: id, title: "Partage de pratiques : accessibilité des services pour les personnes handicapées",
                               start: d("2023-04-20"), domains: ["2.4.1"], parties: [quebec, ontario], status: .done)),
            .meeting(Meeting(agreementID: id, body: committee, date: d("2023-06-08"), agenda: ["Renouvellement des priorités"], minutesClosed: true),
                     approvesPlanEntry: nil),
            .activity(Activity(agreementID: id, title: "Comparaison des politiques d'exemption des avoirs liquides",
                               start: d("2026-09-10"), end: d("2027-03-31"), domains: ["2.1.1.1"], parties: [quebec, ontario], status: .underWay)),
            .progressRequest(ProgressReportRequest(agreementID: id, body: committee, requestedOn: d("2026-10-15"), due: d("2026-12-01"),
                                                   note: "Le Comité demande un état de la coopération sur l'aide sociale.")),
            .meeting(Meeting(agreementID: id, body: committee, date: d("2027-01-21"), agenda: ["Rapports d'étape des ententes spécifiques"]),
                     approvesPlanEntry: nil),
        ]
    }

    /// Entries for the Québec–Pôle emploi employment agreement.
    public static func quebecPoleEmploi(quebec: String = "gouvernement-quebec", pole: String = "pole-emploi",
                                        jointCommittee: String = "comite-mixte", workingGroup: String = "groupes-travail") -> [Entry] {
        let id = quebecPoleEmploiID
        return [
            .plan(ActionPlan(agreementID: id, periodStart: d("2023-01-01"), periodEnd: d("2024-12-31"), items: [
                PlanItem(title: "Échanges sur l'intelligence artificielle au service du jumelage offre-demande", domains: ["4"], start: d("2023-03-01"), due: d("2024-06-30"), leadParty: pole, progress: 100),
                PlanItem(title: "Mission croisée d'experts sur les parcours de reconversion professionnelle", domains: ["5"], start: d("2023-09-01"), due: d("2024-10-31"), leadParty: quebec, progress: 80),
                PlanItem(title: "Partage des enquêtes annuelles sur les besoins de main-d'œuvre", domains: ["6"], start: d("2023-01-01"), due: d("2024-12-31"), leadParty: quebec, progress: 100),
            ])),
            .meeting(Meeting(agreementID: id, body: jointCommittee, date: d("2023-05-16"),
                             agenda: ["Mandat et règles du comité mixte", "Plan d'action biennal 2023-2024"],
                             attendees: [Participant(name: "Coordonnateur du Ministère", party: quebec), Participant(name: "Coordonnatrice Pôle emploi", party: pole)],
                             decisions: [Decision(text: "Le plan d'action biennal 2023-2024 est approuvé.")], minutesClosed: true),
                     approvesPlanEntry: 0),
            .activityForPlanItem(Activity(agreementID: id, title: "Vidéoconférence : l'IA dans le rapprochement offre-demande d'emploi",
                                          start: d("2023-06-20"), domains: ["4"], meansOfAction: ["3"], parties: [quebec, pole],
                                          participants: [Participant(name: "Équipe solutions numériques", party: pole), Participant(name: "Direction de l'innovation", party: quebec)],
                                          status: .done, outcomes: "Cas d'usage partagés; suite prévue en groupe de travail."), planEntry: 0, item: 0),
            .meeting(Meeting(agreementID: id, body: workingGroup, date: d("2023-10-12"), agenda: ["Avancée des travaux sur le numérique"]), approvesPlanEntry: nil),
            .activityForPlanItem(Activity(agreementID: id, title: "Mission à Paris : parcours de reconversion professionnelle et requalification",
                                          start: d("2024-03-11"), end: d("2024-03-15"), domains: ["5"], meansOfAction: ["4"], parties: [quebec, pole],
                                          participants: [Participant(name: "Conseillère en transition professionnelle", party: quebec), Participant(name: "Analyste du marché du travail", party: quebec)],
                                          costs: [Cost(amountMinor: 845_000, currency: "CAD", party: quebec, label: "Déplacements et séjour"),
                                                  Cost(amountMinor: 120_000, currency: "EUR", party: pole, label: "Organisation des visites")],
                                          status: .done), planEntry: 0, item: 1),
            .meeting(Meeting(agreementID: id, body: workingGroup, date: d("2024-04-18")), approvesPlanEntry: nil),
            .activityForPlanItem(Activity(agreementID: id, title: "Partage d'analyse : enquêtes annuelles sur les besoins de main-d'œuvre (BMO et enquête québécoise)",
                                          start: d("2024-05-28"), domains: ["6"], meansOfAction: ["2"], parties: [quebec, pole], status: .done), planEntry: 0, item: 2),
            .activity(Activity(agreementID: id, title: "Conférence conjointe sur la mobilité interrégionale des travailleurs qualifiés",
                               start: d("2024-09-24"), domains: ["1"], meansOfAction: ["5"], parties: [quebec, pole],
                               costs: [Cost(amountMinor: 450_000, currency: "CAD", party: quebec), Cost(amountMinor: 300_000, currency: "EUR", party: pole)],
                               status: .done)),
            .meeting(Meeting(agreementID: id, body: workingGroup, date: d("2024-11-05")), approvesPlanEntry: nil),
            .biennialReport(BiennialReportRecord(agreementID: id, periodStart: d("2023-01-01"), periodEnd: d("2024-12-31"),
                                                 approvedOn: d("2025-03-12"), copySentOn: d("2025-04-02"))),
            .plan(ActionPlan(agreementID: id, periodStart: d("2025-01-01"), periodEnd: d("2026-12-31"), items: [
                PlanItem(title: "Jumelage de deux agences et bureaux (Montréal–Lyon)", domains: ["7"], start: d("2025-04-01"), due: d("2026-06-30"), leadParty: pole, progress: 60),
                PlanItem(title: "Initiatives de maintien en emploi des jeunes", domains: ["2"], start: d("2025-04-01"), due: d("2026-12-31"), leadParty: quebec, progress: 40),
            ])),
            .meeting(Meeting(agreementID: id, body: jointCommittee, date: d("2025-03-12"),
                             agenda: ["Rapport biennal 2023-2024", "Plan d'action biennal 2025-2026"],
                             decisions: [Decision(text: "Le rapport biennal 2023-2024 et le plan d'action 2025-2026 sont approuvés; copie du rapport à la Commission permanente.")],
                             minutesClosed: true), approvesPlanEntry: 10),
            .meeting(Meeting(agreementID: id, body: workingGroup, date: d("2025-05-20")), approvesPlanEntry: nil),
            .meeting(Meeting(agreementID: id, body: workingGroup, date: d("2025-11-13"), agenda: ["Jumelage Montréal–Lyon : retour de visite"]), approvesPlanEntry: nil),
            .meeting(Meeting(agreementID: id, body: workingGroup, date: d("2026-05-14"), agenda: ["Maintien en emploi des jeunes : premiers constats"]), approvesPlanEntry: nil),
            .activityForPlanItem(Activity(agreementID: id, title: "Jumelage : visite d'échange entre agences (Montréal–Lyon)",
                                          start: d("2025-10-06"), end: d("2025-10-10"), domains: ["7"], meansOfAction: ["4"], parties: [quebec, pole],
                                          costs: [Cost(amountMinor: 610_000, currency: "CAD", party: quebec)], status: .done), planEntry: 10, item: 0),
            .activityForPlanItem(Activity(agreementID: id, title: "Analyse partagée : maintien en emploi des jeunes éloignés du marché du travail",
                                          start: d("2026-02-01"), end: d("2027-02-28"), domains: ["2", "3"], meansOfAction: ["2"], parties: [quebec, pole],
                                          status: .underWay), planEntry: 10, item: 1),
            .activity(Activity(agreementID: id, title: "Échange d'expertise : accompagnement numérique des demandeurs d'emploi (France Travail)",
                               start: d("2026-12-03"), domains: ["5"], meansOfAction: ["1"], parties: [quebec, pole], status: .planned)),
        ]
    }
}
