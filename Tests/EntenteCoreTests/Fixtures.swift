@testable import EntenteCore

func day(_ s: String) -> CivilDate { CivilDate(iso: s)! }

/// Agreements shaped like the two seeds, built with the model's initialisers.
enum Sample {
    static var poleEmploi: Agreement {
        Agreement(
            id: "quebec-pole-emploi-2022",
            titles: [AgreementTitle(language: .fr, text: "Entente visant la coopération dans le domaine de l'emploi")],
            language: .fr,
            parties: [Party(id: "gouvernement-quebec", name: "Gouvernement du Québec"),
                      Party(id: "pole-emploi", name: "Pôle emploi", laterNames: [PartyName(name: "France Travail", from: day("2024-01-01"))])],
            signatures: [
                Signature(party: "gouvernement-quebec", signatory: "Carole Arav", role: "Sous-ministre", place: "Québec", date: day("2022-06-22"), basis: .text),
                Signature(party: "pole-emploi", signatory: "Jean Bassères", role: "Directeur général", place: "Paris", date: day("2022-11-07"), basis: .text),
            ],
            entryIntoForce: EntryIntoForce(rule: .lastSignature, date: day("2022-11-07"), source: ProvisionRef(eId: "art_9__para_1", num: "9")),
            notice: NoticeClause(period: Period(6, .month), written: true, minimum: true, source: ProvisionRef(eId: "art_9__para_1", num: "9"), basis: .metadata),
            onNotice: .completeOngoingJointProjects,
            domains: (1...7).map { Domain(eId: "art_2__para_1__list_1__point_\($0)", num: "\($0)", printedNum: nil, heading: nil, text: "domaine \($0)") },
            meansOfAction: (1...5).map { MeansOfAction(eId: "art_3__para_1__list_1__point_\($0)", num: "\($0)", text: "moyen \($0)") },
            bodies: [
                Body(id: "comite-mixte", kind: .jointCommittee, name: "Comité mixte", firstMeetingWithin: Period(2, .year),
                     firstMeetingFrom: .lastSignature, firstMeetingAlternative: .firstSignature, coordinatorsPerParty: 1,
                     source: ProvisionRef(eId: "art_4__para_1")),
                Body(id: "groupes-travail", kind: .workingGroup, name: "Groupes de travail", cadence: Period(6, .month),
                     source: ProvisionRef(eId: "art_4__para_6")),
            ],
            obligations: [
                Obligation(kind: .biennialActionPlan, every: Period(2, .year), to: "comite-mixte", source: ProvisionRef(eId: "art_4__para_2")),
                Obligation(kind: .biennialReport, every: Period(2, .year), to: "comite-mixte", copyTo: "Commission permanente de coopération franco-québécoise",
                           source: ProvisionRef(eId: "art_4__para_5")),
            ],
            costRule: .ownParticipants)
    }

    static var ontario: Agreement {
        Agreement(
            id: "quebec-ontario-2008",
            parties: [Party(id: "gouvernement-quebec", name: "Gouvernement du Québec"),
                      Party(id: "gouvernement-ontario", name: "Gouvernement de l'Ontario")],
            signatures: [
                Signature(party: "gouvernement-quebec", signatory: nil, role: nil, place: "Québec", date: day("2008-06-02"), basis: .external),
                Signature(party: "gouvernement-ontario", signatory: nil, role: nil, place: "Québec", date: day("2008-06-02"), basis: .external),
            ],
            notice: NoticeClause(period: Period(6, .month), written: true, minimum: true, source: ProvisionRef(eId: "art_4__para_2", num: "4.2"), basis: .metadata),
            domains: [Domain(eId: "art_2__point_1", num: "2.1", printedNum: "2.1", heading: "Aide sociale", text: "", items: [
                Domain(eId: "x1", num: "2.1.1", printedNum: "1.", heading: nil, text: "prestation", items: [
                    Domain(eId: "x11", num: "2.1.1.1", printedNum: "1.", heading: nil, text: "processus"),
                ]),
            ])],
            bodies: [Body(id: "comite-coordination", kind: .coordinationCommittee, name: "Comité de coordination", external: true)],
            obligations: [Obligation(kind: .progressReport, triggers: [.beforeEachMeeting, .onRequest], to: "comite-coordination",
                                     source: ProvisionRef(eId: "art_3__para_2"))])
    }
}
