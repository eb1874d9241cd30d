import EntenteCore
import EntenteReports
import Foundation
import Hummingbird
import Mustache

/// An HTML page, sent as UTF-8 (French needs the charset said; browsers guess otherwise).
struct HTML: ResponseGenerator {
    var text: String
    var status: HTTPResponse.Status = .ok

    init(_ text: String, status: HTTPResponse.Status = .ok) {
        self.text = text
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: buffer))
    }
}

enum JSONResponse {
    static func make(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "application/json; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The page templates (Mustache, one layout that every page extends) and the words of the
/// interface in both languages.
public struct Pages: Sendable {
    let library: MustacheLibrary
    let stylesheet: String

    /// Loads the templates shipped with the module.
    /// - Throws: `MustacheLibrary.ParserError` (file, line, column) for a broken template.
    public static func load() async throws -> Pages {
        guard let folder = Bundle.module.resourcePath.map({ $0 + "/Pages" }) else {
            throw WebError.notFound
        }
        let library = try await MustacheLibrary(directory: folder)
        let css = (try? String(contentsOfFile: folder + "/entente.css", encoding: .utf8)) ?? ""
        return Pages(library: library, stylesheet: css)
    }

    /// Renders a page template with the layout's common values (language, toggle link,
    /// anti-forgery token, words) added to `values`.
    func render(_ template: String, title: String, _ values: [String: Any], context: WebContext, request: Request) -> String {
        var all = values
        let lang = context.lang
        let other: Language = lang == .fr ? .en : .fr
        all["lang"] = lang.rawValue
        all["t"] = Catalog.words(lang)
        all["pageTitle"] = title
        all["csrf"] = context.csrfToken
        all["otherLang"] = other.rawValue
        all["otherLangName"] = other == .fr ? "Français" : "English"
        all["otherLangURL"] = Self.url(request.uri.path, query: request.uri.queryParameters, setting: "lang", to: other.rawValue)
        all["path"] = request.uri.path
        if let me = context.person, context.sessionKey != nil {
            all["me"] = ["name": me.displayName, "login": me.login, "role": me.role.name(lang),
                         "mayImport": Permissions.may(.person(me), .importText, agreement: nil)]
            if context.sessionEndsSoon, let end = context.sessionExpires {
                let f = DateFormatter()
                f.dateFormat = "HH:mm"
                f.timeZone = TimeZone(identifier: "UTC")
                all["sessionEnds"] = f.string(from: end) + " UTC"
            }
        }
        return fragment(template, all, lang: lang)
    }

    /// A piece of a page (no layout) with the words of `lang`: what a page keeps between
    /// requests and then puts into its layout unescaped (`{{{body}}}`), already escaped here.
    /// `render` ends here too, with the layout's values added.
    func fragment(_ template: String, _ values: [String: Any], lang: Language) -> String {
        var all = values
        all["lang"] = lang.rawValue
        all["t"] = Catalog.words(lang)
        return library.render(Self.clean(all) ?? [:], withTemplate: template) ?? ""
    }

    /// Where a kept piece has its forms' anti-forgery token, printed raw (`{{{csrf}}}`) by
    /// the piece's template. No value a person entered can print it: every such value is
    /// escaped, and escaped text has no `<`.
    static let tokenSlot = "<!--entente:csrf-->"

    /// A kept piece with the reader's anti-forgery token in its slots (escaped, as
    /// `{{csrf}}` would print it).
    static func withToken(_ body: String, _ token: String) -> String {
        body.replacingOccurrences(of: tokenSlot, with: HTMLEscaping.escape(token))
    }

    /// The page model with every absent value and empty text removed: Mustache would print
    /// an `Optional` that is nil as "nil", and opens a section on it or on an empty string.
    static func clean(_ value: Any) -> Any? {
        // The common shapes first, by cast: `Mirror` on every value was 8% of a page's
        // CPU under load (perf).
        switch value {
        case let s as String: return s.isEmpty ? nil : s
        case is Bool, is Int: return value
        case let d as [String: String]:
            return d.filter { !$0.value.isEmpty }
        case let d as [String: Any]:
            var out: [String: Any] = [:]
            out.reserveCapacity(d.count)
            for (k, v) in d { if let c = clean(v) { out[k] = c } }
            return out
        case let a as [[String: Any]]: return a.compactMap { clean($0) }
        case let a as [Any]: return a.compactMap { clean($0) }
        case let o as any OptionalValue: return o.wrapped.flatMap { clean($0) }
        default: return value
        }
    }

    func error(status: Int, message: String, requestID: String, context: WebContext, request: Request) -> String {
        let t = Catalog.words(context.lang)
        return render("error", title: "\(t["error"] ?? "") \(status)", ["status": status, "message": message, "requestID": requestID],
                      context: context, request: request)
    }

    /// `path?query` with one parameter replaced (the others kept, in order).
    static func url(_ path: String, query: Hummingbird.Parameters, setting key: String, to value: String) -> String {
        var parts: [String] = []
        for (k, v) in query where String(k) != key {
            parts.append("\(Self.escape(String(k)))=\(Self.escape(String(v)))")
        }
        parts.append("\(key)=\(Self.escape(value))")
        return path + "?" + parts.joined(separator: "&")
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// The interface's words, French (the reference) and English; both have the same keys (tested).
public enum Catalog {
    public static let fr: [String: String] = [
        "app": "Entente — suivi des ententes de coopération",
        "skip": "Passer au contenu principal",
        "nav": "Navigation principale",
        "dashboard": "Tableau de bord",
        "deadlines": "Échéances",
        "asOf": "Au",
        "agreement": "Entente",
        "agreements": "Ententes",
        "state": "État",
        "parties": "Parties",
        "party": "Partie",
        "nameFrom": "depuis le",
        "signatures": "Signatures",
        "signatory": "Signataire",
        "role": "Fonction",
        "place": "Lieu",
        "date": "Date",
        "entryIntoForce": "Entrée en vigueur",
        "unknown": "inconnue",
        "duration": "Durée",
        "notice": "Préavis de résiliation",
        "noticeNone": "aucune clause de préavis connue",
        "noticeIfToday": "Si un préavis était donné aujourd'hui, fin au plus tôt le",
        "noticeGiven": "Préavis donné le",
        "endsOn": "fin de l'entente le",
        "bodies": "Instances",
        "kind": "Nature",
        "name": "Nom",
        "source": "Source",
        "domains": "Domaines de coopération",
        "articles": "Articles",
        "reference": "Numéro de référence",
        "version": "Version du texte",
        "openDeadlines": "Échéances ouvertes",
        "nothingOpen": "Rien d'ouvert.",
        "page": "Page",
        "of": "sur",
        "pages": "Pages",
        "previousPage": "Page précédente",
        "nextPage": "Page suivante",
        "agreementSearch": "Entente (titre, identifiant ou numéro)",
        "deadlineKind": "Nature d'échéance",
        "due": "Échéance",
        "status": "Statut",
        "title": "Titre",
        "daysLate": "j de retard",
        "inDays": "dans",
        "days": "j",
        "today": "aujourd'hui",
        "activities": "Journal des activités",
        "activity": "Activité",
        "addActivity": "Ajouter une activité",
        "start": "Début (AAAA-MM-JJ)",
        "end": "Fin (AAAA-MM-JJ, facultatif)",
        "description": "Description (facultatif)",
        "save": "Enregistrer",
        "noActivity": "Aucune activité.",
        "filter": "Filtrer",
        "from": "Du (AAAA-MM-JJ)",
        "to": "Au (AAAA-MM-JJ)",
        "any": "Tous",
        "errorSummary": "Le formulaire contient des erreurs; rien n'a été enregistré :",
        "error": "Erreur",
        "requestID": "Numéro de requête",
        "backHome": "Retour au tableau de bord",
        "planned": "prévue",
        "under-way": "en cours",
        "done": "réalisée",
        "cancelled": "annulée",
        "noticeCalc": "Calculer un préavis",
        "given": "Préavis donné le (AAAA-MM-JJ)",
        "terminateOn": "Fin voulue le (AAAA-MM-JJ)",
        "compute": "Calculer",
        "rule": "Règle",
        "recordNotice": "Enregistrer un préavis donné",
        "sent": "Envoyé le (AAAA-MM-JJ)",
        "received": "Reçu le (AAAA-MM-JJ, facultatif)",
        "requestedEnd": "Fin demandée (AAAA-MM-JJ, facultatif)",
        "record": "Enregistrer le préavis",
        "noticesRecorded": "Préavis enregistrés",
        "windDown": "Projets conjoints en cours à mener à terme",
        "downloadICS": "Télécharger le calendrier (ICS)",
        "api": "Données (JSON)",
        "print": "Page imprimable : utilisez la fonction d'impression du navigateur.",
        "languageSwitch": "Langue",
        "count": "Nombre",
        "summary": "Résumé",
        "calculator": "Calculateur de préavis",
        "agreementsList": "Liste des ententes",
        "id": "Identifiant",
        "history": "Historique des modifications",
        "when": "Quand (UTC)",
        "who": "Qui",
        "action": "Action",
        "recordKind": "Fiche",
        "cancel": "Annuler",
        "reports": "Documents",
        "importCSV": "Importer des activités (CSV)",
        "csvText": "Contenu CSV (colonnes de « Exporter en CSV »)",
        "previewImport": "Voir ce qui sera importé",
        "confirmImport": "Confirmer l'import",
        "importProblems": "Rien ne sera importé tant que ces lignes ne sont pas corrigées :",
        "line": "Ligne",
        "imported": "activité(s) importée(s)",
        "report-biennial": "Rapport biennal des activités",
        "report-plan": "Plan d'action biennal",
        "kindOfDocument": "Document",
        "preview": "Aperçu",
        "downloadHTML": "Télécharger (HTML)",
        "downloadMD": "Télécharger (Markdown)",
        "show": "Afficher",
        "before": "Avant",
        "after": "Après",
        "exportCSV": "Exporter en CSV",
        "noHistory": "Aucune modification enregistrée.",
        "duration-indefinite": "indéterminée",
        "duration-fixed": "déterminée",
        "colon": "\u{00A0}:",
        "recordNoticeAdminsOnly": "Seul un administrateur peut enregistrer un préavis donné.",
        "personRole": "Rôle",
        "label": "Libellé",
        "signIn": "Connexion",
        "signInLead": "Connectez-vous avec l'identifiant et le mot de passe que l'administrateur vous a donnés.",
        "login": "Identifiant",
        "password": "Mot de passe",
        "password2": "Mot de passe (encore)",
        "signInButton": "Se connecter",
        "signOut": "Se déconnecter",
        "signedInAs": "Connecté\u{00A0}:",
        "noAdmin": "Aucun administrateur n'existe encore. Créez le premier avec le lien de configuration que « entente serve » a affiché au démarrage (sur la machine du serveur), ou avec « entente user add LOGIN --role admin --password-stdin ».",
        "sessionEndsSoon": "Votre session se termine à",
        "sessionEndsSoonAfter": "Enregistrez votre travail, puis reconnectez-vous.",
        "setupTitle": "Créer le premier administrateur",
        "setupLead": "Ce lien ne sert qu'une fois. L'administrateur pourra ensuite ajouter les autres personnes.",
        "displayName": "Nom affiché (facultatif)",
        "passwordHint": "Au moins \(PasswordRule.minLength) caractères; une phrase de passe convient. Le collage est permis.",
        "create": "Créer et se connecter",
        "account": "Mon compte",
        "tokens": "Jetons d'accès (API et calendrier)",
        "tokenLabel": "Libellé (ex. calendrier Outlook)",
        "newToken": "Créer un jeton",
        "tokenShownOnce": "Voici votre nouveau jeton. Copiez-le maintenant : il ne sera plus jamais affiché.",
        "feedURL": "Adresse d'abonnement au calendrier de vos échéances",
        "created": "Créé le",
        "endsWith": "Se termine par",
        "revoke": "Révoquer",
        "revoked": "révoqué le",
        "noToken": "Aucun jeton.",
        "apiHowTo": "Un programme envoie le jeton dans l'en-tête « Authorization: Bearer ent_… » vers /api/v1.",
        "plans": "Plans d'action biennaux",
        "noPlans": "Aucun plan d'action.",
        "period": "Période",
        "items": "Éléments",
        "activitiesDone": "Activités réalisées",
        "plan": "Plan d'action",
        "createPlan": "Créer un plan d'action (brouillon)",
        "periodFrom": "Début de la période (AAAA-MM-JJ)",
        "periodTo": "Fin de la période (AAAA-MM-JJ)",
        "planAgainstDone": "Le plan et ce qui a été fait",
        "noItems": "Aucun élément : ajoutez-en ci-dessous.",
        "leadParty": "Partie responsable",
        "timeline": "Échéancier",
        "progress": "Avancement",
        "whatWasDone": "Ce qui a été fait",
        "activitiesDoneShort": "activité(s) réalisée(s)",
        "addItem": "Ajouter un élément au plan",
        "approvePlan": "Approuver le plan",
        "approveWho": "Réservé aux membres du comité mixte et aux administrateurs.",
        "progressPercent": "Avancement en % (0 à 100)",
        "itemStart": "Début prévu (AAAA-MM-JJ, facultatif)",
        "itemDue": "Échéance (AAAA-MM-JJ, facultatif)",
        "approvedOnField": "Approuvé le (AAAA-MM-JJ)",
        "atMeeting": "À la réunion (facultatif)",
        "meeting": "Réunion",
        "meetings": "Réunions",
        "noMeetings": "Aucune réunion.",
        "body": "Instance",
        "agenda": "Ordre du jour",
        "minutes": "Procès-verbal",
        "corrects": "Corrige",
        "recordCorrection": "Consigner une correction du procès-verbal",
        "scheduleMeeting": "Inscrire une réunion",
        "correctionOf": "Correction de la",
        "meetingDate": "Date de la réunion (AAAA-MM-JJ)",
        "agendaLines": "Ordre du jour (un point par ligne, facultatif)",
        "correctionLines": "Décisions corrigées (une par ligne)",
        "minutesClosed": "clos (lecture seule)",
        "minutesOpen": "ouvert",
        "approvesPlan": "Approuve le plan",
        "closedReadOnly": "Le procès-verbal est clos : il ne se modifie plus. Une correction est une nouvelle entrée liée.",
        "reopenMinutes": "Rouvrir le procès-verbal",
        "corrections": "Corrections",
        "addAgendaItem": "Ajouter le point",
        "attendance": "Présences",
        "addAttendee": "Ajouter la personne présente",
        "decisions": "Décisions",
        "addDecision": "Consigner la décision",
        "closeMinutes": "Clore le procès-verbal",
        "closeWarning": "Une fois clos, le procès-verbal ne se modifie plus; seules des corrections liées s'ajoutent.",
        "reopenWho": "Réservé aux administrateurs; la raison est gardée au journal d'audit.",
        "agendaItem": "Point de l'ordre du jour",
        "roleOptional": "Fonction (facultatif)",
        "decision": "Décision",
        "reopenReason": "Raison de la réouverture",
        "progressReports": "Rapports d'étape et demandes",
        "progressDue": "À remettre (avant la prochaine réunion du comité, demandes)",
        "reportsRecorded": "Rapports consignés",
        "linkedTo": "Lié à",
        "request": "Demande",
        "requests": "Demandes de rapport d'étape",
        "requestedOn": "Demandé le",
        "answer": "Réponse",
        "notAnswered": "sans réponse",
        "report": "Rapport",
        "recordReport": "Consigner un rapport d'étape",
        "recordRequest": "Consigner une demande de rapport",
        "submittedOn": "Remis le (AAAA-MM-JJ)",
        "precedesMeeting": "Avant la réunion (facultatif)",
        "answersRequest": "Répond à la demande (facultatif)",
        "titleOptional": "Titre (facultatif)",
        "dueOn": "À remettre le (AAAA-MM-JJ)",
        "noteOptional": "Note (facultatif)",
        "biennialRecords": "Rapports biennaux",
        "biennialDue": "Échéances biennales ouvertes",
        "approval": "Approbation",
        "notApproved": "pas encore approuvé",
        "copyToCommission": "Copie à la Commission permanente",
        "notSent": "pas encore envoyée",
        "recordBiennial": "Consigner un rapport biennal",
        "copySentField": "Copie envoyée le (AAAA-MM-JJ)",
        "approvedOnOptional": "Approuvé le (AAAA-MM-JJ, facultatif)",
        "copySentOptional": "Copie envoyée à la Commission le (AAAA-MM-JJ, facultatif)",
        "copyRule": "La copie ne part qu'après l'approbation du rapport.",
        "editActivity": "Modifier l'activité",
        "edit": "Modifier",
        "edited": "modifiée",
        "outcomes": "Résultats (facultatif)",
        "calendar": "Calendrier des échéances",
        "deadlinesList": "Liste des échéances",
        "monthCalendar": "Calendrier du mois",
        "articleText": "Texte de l'entente",
        "importText": "Importer un texte d'entente",
        "importIntro": "Un texte Akoma Ntoso (.xml) est importé tel quel (nouvelle entente ou nouvelle version). Un texte brut (.txt) ou un document Word (.docx) est converti, puis vous vérifiez chaque fait de suivi proposé avant l'enregistrement.",
        "textFile": "Fichier du texte",
        "textFileHint": ".xml (Akoma Ntoso 3.0), .txt (UTF-8 ou Windows-1252) ou .docx ; au plus",
        "kib": "Kio",
        "textLanguage": "Langue du texte",
        "guessLanguage": "D'après le texte",
        "optionalID": "Identifiant de l'entente (facultatif)",
        "optionalIDHint": "Lettres minuscules, chiffres et tirets, ex. quebec-ontario-2008 ; sinon tiré des parties et de l'année. Un fichier .xml porte le sien.",
        "upload": "Téléverser",
        "offendingLine": "La ligne en cause",
        "reviewTitle": "Vérifier le texte converti",
        "convertedText": "Texte converti",
        "proposedFacts": "Faits de suivi proposés",
        "acceptFacts": "Décochez les faits à ne pas enregistrer",
        "noFacts": "Aucun fait de suivi trouvé dans le texte.",
        "fact": "fait",
        "provision": "Disposition",
        "phrase": "Passage",
        "readingTaken": "Lecture retenue",
        "otherReading": "Autre lecture",
        "shownOnly": "affiché seulement : le vocabulaire de suivi ne peut pas encore l'enregistrer",
        "ocrSuspects": "Mots qui ressemblent à des erreurs de numérisation (non corrigés)",
        "conversionWarnings": "Remarques de la conversion",
        "saveAgreement": "Enregistrer l'entente avec les faits cochés",
        "existingAgreement": "Une entente porte déjà cet identifiant : l'enregistrement en fera une nouvelle version du texte (l'ancienne reste lisible). Donnez un autre identifiant au téléversement s'il s'agit d'une autre entente :",
    ]
    public static let en: [String: String] = [
        "app": "Entente — cooperation agreement tracking",
        "skip": "Skip to main content",
        "nav": "Main navigation",
        "dashboard": "Dashboard",
        "deadlines": "Deadlines",
        "asOf": "As of",
        "agreement": "Agreement",
        "agreements": "Agreements",
        "state": "State",
        "parties": "Parties",
        "party": "Party",
        "nameFrom": "from",
        "signatures": "Signatures",
        "signatory": "Signatory",
        "role": "Title",
        "place": "Place",
        "date": "Date",
        "entryIntoForce": "Entry into force",
        "unknown": "unknown",
        "duration": "Term",
        "notice": "Termination notice",
        "noticeNone": "no known notice clause",
        "noticeIfToday": "If notice were given today, earliest end on",
        "noticeGiven": "Notice given on",
        "endsOn": "the agreement ends on",
        "bodies": "Bodies",
        "kind": "Kind",
        "name": "Name",
        "source": "Source",
        "domains": "Domains of cooperation",
        "articles": "Articles",
        "reference": "Reference number",
        "version": "Text version",
        "openDeadlines": "Open deadlines",
        "nothingOpen": "Nothing open.",
        "page": "Page",
        "of": "of",
        "pages": "Pages",
        "previousPage": "Previous page",
        "nextPage": "Next page",
        "agreementSearch": "Agreement (title, id or number)",
        "deadlineKind": "Kind of deadline",
        "due": "Due",
        "status": "Status",
        "title": "Title",
        "daysLate": "days late",
        "inDays": "in",
        "days": "days",
        "today": "today",
        "activities": "Activity log",
        "activity": "Activity",
        "addActivity": "Add an activity",
        "start": "Start (YYYY-MM-DD)",
        "end": "End (YYYY-MM-DD, optional)",
        "description": "Description (optional)",
        "save": "Save",
        "noActivity": "No activity.",
        "filter": "Filter",
        "from": "From (YYYY-MM-DD)",
        "to": "To (YYYY-MM-DD)",
        "any": "Any",
        "errorSummary": "The form has errors; nothing was saved:",
        "error": "Error",
        "requestID": "Request number",
        "backHome": "Back to the dashboard",
        "planned": "planned",
        "under-way": "under way",
        "done": "done",
        "cancelled": "cancelled",
        "noticeCalc": "Compute a notice",
        "given": "Notice given on (YYYY-MM-DD)",
        "terminateOn": "Wanted end on (YYYY-MM-DD)",
        "compute": "Compute",
        "rule": "Rule",
        "recordNotice": "Record a notice given",
        "sent": "Sent on (YYYY-MM-DD)",
        "received": "Received on (YYYY-MM-DD, optional)",
        "requestedEnd": "Requested end (YYYY-MM-DD, optional)",
        "record": "Record the notice",
        "noticesRecorded": "Notices recorded",
        "windDown": "Joint projects under way to be completed",
        "downloadICS": "Download the calendar (ICS)",
        "api": "Data (JSON)",
        "print": "Printable page: use the browser's print command.",
        "languageSwitch": "Language",
        "count": "Count",
        "summary": "Summary",
        "calculator": "Notice calculator",
        "agreementsList": "Agreements",
        "id": "Id",
        "history": "Change history",
        "when": "When (UTC)",
        "who": "Who",
        "action": "Action",
        "recordKind": "Record",
        "cancel": "Cancel",
        "reports": "Documents",
        "importCSV": "Import activities (CSV)",
        "csvText": "CSV content (the columns of \"Export as CSV\")",
        "previewImport": "See what will be imported",
        "confirmImport": "Confirm the import",
        "importProblems": "Nothing will be imported until these lines are corrected:",
        "line": "Line",
        "imported": "activities imported",
        "report-biennial": "Biennial activity report",
        "report-plan": "Biennial action plan",
        "kindOfDocument": "Document",
        "preview": "Preview",
        "downloadHTML": "Download (HTML)",
        "downloadMD": "Download (Markdown)",
        "show": "Show",
        "before": "Before",
        "after": "After",
        "exportCSV": "Export as CSV",
        "noHistory": "No change recorded.",
        "duration-indefinite": "indefinite",
        "duration-fixed": "fixed",
        "colon": ":",
        "recordNoticeAdminsOnly": "Only an administrator can record a notice given.",
        "personRole": "Role",
        "label": "Label",
        "signIn": "Sign in",
        "signInLead": "Sign in with the login and password your administrator gave you.",
        "login": "Login",
        "password": "Password",
        "password2": "Password (again)",
        "signInButton": "Sign in",
        "signOut": "Sign out",
        "signedInAs": "Signed in:",
        "noAdmin": "No administrator exists yet. Create the first one with the setup link 'entente serve' printed when it started (on the server's machine), or with 'entente user add LOGIN --role admin --password-stdin'.",
        "sessionEndsSoon": "Your session ends at",
        "sessionEndsSoonAfter": "Save your work, then sign in again.",
        "setupTitle": "Create the first administrator",
        "setupLead": "This link works once. The administrator can then add the other people.",
        "displayName": "Display name (optional)",
        "passwordHint": "At least \(PasswordRule.minLength) characters; a passphrase will do. Pasting is allowed.",
        "create": "Create and sign in",
        "account": "My account",
        "tokens": "Access tokens (API and calendar)",
        "tokenLabel": "Label (e.g. Outlook calendar)",
        "newToken": "Create a token",
        "tokenShownOnce": "Here is your new token. Copy it now: it will never be shown again.",
        "feedURL": "Subscription address of your deadlines calendar",
        "created": "Created on",
        "endsWith": "Ends with",
        "revoke": "Revoke",
        "revoked": "revoked on",
        "noToken": "No token.",
        "apiHowTo": "A program sends the token in the header 'Authorization: Bearer ent_…' to /api/v1.",
        "plans": "Biennial action plans",
        "noPlans": "No action plan.",
        "period": "Period",
        "items": "Items",
        "activitiesDone": "Activities done",
        "plan": "Action plan",
        "createPlan": "Create an action plan (draft)",
        "periodFrom": "Period start (YYYY-MM-DD)",
        "periodTo": "Period end (YYYY-MM-DD)",
        "planAgainstDone": "The plan against what was done",
        "noItems": "No item: add some below.",
        "leadParty": "Lead party",
        "timeline": "Timeline",
        "progress": "Progress",
        "whatWasDone": "What was done",
        "activitiesDoneShort": "activities done",
        "addItem": "Add an item to the plan",
        "approvePlan": "Approve the plan",
        "approveWho": "For joint committee members and administrators only.",
        "progressPercent": "Progress in % (0 to 100)",
        "itemStart": "Planned start (YYYY-MM-DD, optional)",
        "itemDue": "Due (YYYY-MM-DD, optional)",
        "approvedOnField": "Approved on (YYYY-MM-DD)",
        "atMeeting": "At the meeting (optional)",
        "meeting": "Meeting",
        "meetings": "Meetings",
        "noMeetings": "No meeting.",
        "body": "Body",
        "agenda": "Agenda",
        "minutes": "Minutes",
        "corrects": "Corrects",
        "recordCorrection": "Record a correction of the minutes",
        "scheduleMeeting": "Schedule a meeting",
        "correctionOf": "Correction of",
        "meetingDate": "Meeting date (YYYY-MM-DD)",
        "agendaLines": "Agenda (one item per line, optional)",
        "correctionLines": "Corrected decisions (one per line)",
        "minutesClosed": "closed (read-only)",
        "minutesOpen": "open",
        "approvesPlan": "Approves the plan",
        "closedReadOnly": "The minutes are closed: they are no longer edited. A correction is a new linked entry.",
        "reopenMinutes": "Reopen the minutes",
        "corrections": "Corrections",
        "addAgendaItem": "Add the item",
        "attendance": "Attendance",
        "addAttendee": "Add the attendee",
        "decisions": "Decisions",
        "addDecision": "Record the decision",
        "closeMinutes": "Close the minutes",
        "closeWarning": "Once closed, the minutes are no longer edited; only linked corrections are added.",
        "reopenWho": "For administrators only; the reason is kept in the audit log.",
        "agendaItem": "Agenda item",
        "roleOptional": "Title (optional)",
        "decision": "Decision",
        "reopenReason": "Reason for reopening",
        "progressReports": "Progress reports and requests",
        "progressDue": "Due (before the committee's next meeting, requests)",
        "reportsRecorded": "Reports recorded",
        "linkedTo": "Linked to",
        "request": "Request",
        "requests": "Requests for progress reports",
        "requestedOn": "Requested on",
        "answer": "Answer",
        "notAnswered": "not answered",
        "report": "Report",
        "recordReport": "Record a progress report",
        "recordRequest": "Record a request for a report",
        "submittedOn": "Submitted on (YYYY-MM-DD)",
        "precedesMeeting": "Ahead of the meeting (optional)",
        "answersRequest": "Answers the request (optional)",
        "titleOptional": "Title (optional)",
        "dueOn": "Due on (YYYY-MM-DD)",
        "noteOptional": "Note (optional)",
        "biennialRecords": "Biennial reports",
        "biennialDue": "Open biennial deadlines",
        "approval": "Approval",
        "notApproved": "not approved yet",
        "copyToCommission": "Copy to the Standing Commission",
        "notSent": "not sent yet",
        "recordBiennial": "Record a biennial report",
        "copySentField": "Copy sent on (YYYY-MM-DD)",
        "approvedOnOptional": "Approved on (YYYY-MM-DD, optional)",
        "copySentOptional": "Copy sent to the Commission on (YYYY-MM-DD, optional)",
        "copyRule": "The copy goes only after the report is approved.",
        "editActivity": "Edit the activity",
        "edit": "Edit",
        "edited": "edited",
        "outcomes": "Outcomes (optional)",
        "calendar": "Deadline calendar",
        "deadlinesList": "Deadline list",
        "monthCalendar": "Month calendar",
        "articleText": "Text of the agreement",
        "importText": "Import an agreement text",
        "importIntro": "An Akoma Ntoso text (.xml) is imported as it is (a new agreement or a new version). A plain text (.txt) or a Word document (.docx) is converted, then you check each proposed tracking fact before it is saved.",
        "textFile": "Text file",
        "textFileHint": ".xml (Akoma Ntoso 3.0), .txt (UTF-8 or Windows-1252) or .docx; at most",
        "kib": "KiB",
        "textLanguage": "Language of the text",
        "guessLanguage": "From the text",
        "optionalID": "Agreement id (optional)",
        "optionalIDHint": "Lowercase letters, digits and hyphens, e.g. quebec-ontario-2008; else from the parties and the year. An .xml file carries its own.",
        "upload": "Upload",
        "offendingLine": "The line at fault",
        "reviewTitle": "Check the converted text",
        "convertedText": "Converted text",
        "proposedFacts": "Proposed tracking facts",
        "acceptFacts": "Uncheck the facts not to save",
        "noFacts": "No tracking fact found in the text.",
        "fact": "fact",
        "provision": "Provision",
        "phrase": "Phrase",
        "readingTaken": "Reading taken",
        "otherReading": "Other reading",
        "shownOnly": "shown only: the tracking vocabulary cannot record it yet",
        "ocrSuspects": "Words that look like scanning errors (not corrected)",
        "conversionWarnings": "Conversion remarks",
        "saveAgreement": "Save the agreement with the checked facts",
        "existingAgreement": "An agreement already has this id: saving will make a new version of its text (the old one stays readable). Give another id when uploading if this is another agreement:",
    ]

    public static func words(_ lang: Language) -> [String: String] { lang == .fr ? fr : en }
}

/// An `Optional` of any type, seen through `Any` (for `Pages.clean`).
protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? {
        switch self {
        case .some(let v): return v
        case .none: return nil
        }
    }
}
