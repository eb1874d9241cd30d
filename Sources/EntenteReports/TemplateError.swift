import Dispatch
import EntenteCore
import Foundation
import Mustache

/// A template problem, named by file and line.
public enum TemplateError: UserFacingError {
    case missingKey(template: String, line: Int, key: String, available: [String])
    case missingPartial(template: String, line: Int, partial: String)
    case parse(template: String, line: Int, column: Int, message: String)
    case notFound(String)
    case unknownFile(String)

    public func message(_ lang: Language) -> String {
        let fr = lang == .fr
        switch self {
        case .missingKey(let t, let line, let key, let available):
            let names = available.prefix(40).joined(separator: ", ") + (available.count > 40 ? ", …" : "")
            return fr ? "\(t):\(line): la variable « \(key) » n'existe pas pour ce rapport; corrigez le gabarit. Variables permises à cet endroit : \(names). (Référence complète : README.md à côté des modèles intégrés, Sources/EntenteReports/Templates.)"
                      : "\(t):\(line): variable '\(key)' does not exist for this report; fix the template. Variables allowed here: \(names). (Full reference: README.md beside the built-in templates, Sources/EntenteReports/Templates.)"
        case .missingPartial(let t, let line, let name):
            return fr ? "\(t):\(line): le gabarit partiel « \(name) » n'existe pas; créez \(name).mustache ou retirez {{> \(name)}}."
                      : "\(t):\(line): partial '\(name)' does not exist; create \(name).mustache or remove {{> \(name)}}."
        case .parse(let t, let line, let column, let m):
            return fr ? "\(t):\(line):\(column): gabarit Mustache invalide : \(m)" : "\(t):\(line):\(column): invalid Mustache template: \(m)"
        case .notFound(let name):
            return fr ? "Gabarit introuvable : \(name).mustache" : "Template not found: \(name).mustache"
        case .unknownFile(let path):
            let known = ReportRenderer.templateNames.map { $0 + ".mustache" }.joined(separator: ", ")
            return fr ? "\(path) : nom de gabarit inconnu, il ne remplacerait aucun gabarit intégré; noms reconnus : \(known) (ou _nom.mustache pour un gabarit partiel)."
                      : "\(path): unknown template name, it would replace no built-in template; known names: \(known) (or _name.mustache for a partial)."
        }
    }
}
