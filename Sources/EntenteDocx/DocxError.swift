import EntenteCore

/// What can go wrong writing a Word or PDF report: where, why, and what to do, in both languages.
public enum DocxError: UserFacingError, Equatable {
    /// libxml2 failed to write a part (memory): a bug or an exhausted machine.
    case xmlWriter(part: String)
    /// libxml2 returned no document for the report's HTML.
    case htmlUnreadable
    /// The zip library failed while writing the package.
    case package(cause: String)
    /// `templates/reference.docx` is not a readable zip (Word) file.
    case referenceUnreadable(path: String, cause: String)
    /// `templates/reference.docx` has no `word/styles.xml`.
    case referenceWithoutStyles(path: String)
    /// A part of the reference document is larger than any real styles part.
    case referenceTooLarge(path: String, part: String, bytes: Int64)
    /// A part of the reference document is not usable XML.
    case referenceInvalidXML(path: String, part: String, line: Int, message: String)
    /// No Chromium to print the PDF with.
    case chromiumMissing(tried: [String])
    /// Chromium ran but wrote no PDF.
    case chromiumFailed(executable: String, status: Int32, log: String)
    /// Chromium did not finish in time.
    case chromiumTimedOut(executable: String, seconds: Int)
    /// The temporary folder for printing could not be used.
    case temporaryFiles(path: String, cause: String)

    public func message(_ lang: Language) -> String {
        let fr = lang == .fr
        switch self {
        case .xmlWriter(let part):
            return fr ? "\(part) : libxml2 n'a pas pu écrire cette partie du document Word (mémoire insuffisante?); réessayez."
                      : "\(part): libxml2 could not write this part of the Word document (out of memory?); try again."
        case .htmlUnreadable:
            return fr ? "Le rapport HTML n'a pas pu être lu pour en faire un document Word; vérifiez le gabarit HTML du rapport."
                      : "The HTML report could not be read to make a Word document; check the report's HTML template."
        case .package(let cause):
            return fr ? "Le paquet Word (.docx) n'a pas pu être écrit : \(cause)" : "The Word package (.docx) could not be written: \(cause)"
        case .referenceUnreadable(let path, let cause):
            return fr ? "\(path) : document de référence Word illisible (\(cause)); enregistrez-le depuis Word ou LibreOffice au format .docx, ou retirez-le."
                      : "\(path): unreadable Word reference document (\(cause)); save it from Word or LibreOffice as .docx, or remove it."
        case .referenceWithoutStyles(let path):
            return fr ? "\(path) : ce document .docx n'a pas de styles (word/styles.xml); enregistrez-le depuis Word ou LibreOffice, ou retirez-le."
                      : "\(path): this .docx has no styles (word/styles.xml); save it from Word or LibreOffice, or remove it."
        case .referenceTooLarge(let path, let part, let bytes):
            return fr ? "\(path) : la partie \(part) fait \(bytes) octets décompressée, bien plus que des styles; utilisez un document de référence ne contenant que des styles."
                      : "\(path): part \(part) is \(bytes) bytes uncompressed, far more than styles; use a reference document holding styles only."
        case .referenceInvalidXML(let path, let part, let line, let message):
            return fr ? "\(path) (\(part):\(line)) : XML invalide : \(message); enregistrez de nouveau le document de référence depuis Word ou LibreOffice."
                      : "\(path) (\(part):\(line)): invalid XML: \(message); save the reference document again from Word or LibreOffice."
        case .chromiumMissing(let tried):
            let list = tried.joined(separator: ", ")
            return fr ? "Chromium est introuvable (cherché : \(list)); le PDF est imprimé par Chromium sans interface. Installez le paquet Debian « chromium » (apt-get install chromium) ou indiquez le programme dans ENTENTE_CHROMIUM. Aucun fichier n'a été écrit."
                      : "Chromium not found (looked for: \(list)); the PDF is printed by headless Chromium. Install the Debian package 'chromium' (apt-get install chromium) or name the program in ENTENTE_CHROMIUM. No file was written."
        case .chromiumFailed(let exe, let status, let log):
            return fr ? "\(exe) n'a pas produit de PDF (code de sortie \(status)). Dernières lignes : \(log)"
                      : "\(exe) produced no PDF (exit status \(status)). Last lines: \(log)"
        case .chromiumTimedOut(let exe, let seconds):
            return fr ? "\(exe) n'a pas terminé l'impression en \(seconds) s; il a été arrêté. Réessayez, ou vérifiez que Chromium démarre (chromium --headless --version)."
                      : "\(exe) did not finish printing in \(seconds) s and was stopped. Try again, or check that Chromium starts (chromium --headless --version)."
        case .temporaryFiles(let path, let cause):
            return fr ? "\(path) : fichiers temporaires d'impression inutilisables (\(cause)); vérifiez TMPDIR."
                      : "\(path): temporary printing files unusable (\(cause)); check TMPDIR."
        }
    }
}
