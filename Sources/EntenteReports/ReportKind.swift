import Dispatch
import EntenteCore
import Foundation
import Mustache

/// The documents Entente produces.
public enum ReportKind: String, CaseIterable, Sendable {
    /// Biennial report of past activities (rapport biennal des activités).
    case biennial
    /// Biennial action plan (plan d'action biennal).
    case plan
    /// Progress report for a Coordination Committee meeting (rapport d'étape).
    case progress
    /// Termination notice letter (lettre de préavis).
    case noticeLetter = "notice-letter"
}

public enum ReportFormat: String, Sendable {
    case markdown, html

    var fileExtension: String { self == .markdown ? "md" : "html" }
}
