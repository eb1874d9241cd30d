/// The fields of an activity a person changes; nil (or an empty list) leaves a field as it is.
public struct ActivityPatch: Sendable, Hashable {
    public var title: String?
    public var description: String?
    public var start: CivilDate?
    public var end: CivilDate?
    public var domains: [String] = []
    public var meansOfAction: [String] = []
    public var parties: [String] = []
    public var participants: [Participant] = []
    public var costs: [Cost] = []
    public var status: ActivityStatus?
    public var outcomes: String?
    public var planItemID: Int64?

    public init() {}

    public func apply(to a: inout Activity) {
        if let title { a.title = title }
        if let description { a.description = description }
        if let start { a.start = start }
        if let end { a.end = end }
        if !domains.isEmpty { a.domains = domains }
        if !meansOfAction.isEmpty { a.meansOfAction = meansOfAction }
        if !parties.isEmpty { a.parties = parties }
        if !participants.isEmpty { a.participants = participants }
        if !costs.isEmpty { a.costs = costs }
        if let status { a.status = status }
        if let outcomes { a.outcomes = outcomes }
        if let planItemID { a.planItemID = planItemID }
    }
}
