import Dispatch
import EntenteCore
import Foundation
import Mustache

/// Everything a report is built from.
public struct ReportInput: Sendable {
    public var agreement: Agreement
    public var history: AgreementHistory
    public var deadlines: [Deadline]
    public var from: CivilDate
    public var to: CivilDate
    public var asOf: CivilDate
    public var language: Language
    /// Progress report: the meeting it is for.
    public var meeting: Meeting?
    /// Notice letter: the notice given (or to be given).
    public var notice: TerminationNotice?

    public init(agreement: Agreement, history: AgreementHistory, deadlines: [Deadline], from: CivilDate, to: CivilDate,
                asOf: CivilDate, language: Language) {
        self.agreement = agreement
        self.history = history
        self.deadlines = deadlines
        self.from = from
        self.to = to
        self.asOf = asOf
        self.language = language
    }
}
