import EntenteCore
import Hummingbird

/// What each request carries through the middleware to its handler.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The page's language: `?lang=` when given (then remembered in a cookie), else the
    /// cookie, else French (the reference language of the Québec administration).
    public var lang: Language = .fr
    /// The synchroniser token every form echoes as `_csrf` (bound to the `entente_csrf`
    /// cookie until sign-in exists; issue 13 binds it to the session).
    public var csrfToken: String = ""

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Forms and API bodies are small; agreement texts (a few hundred KiB) fit.
    public var maxUploadSize: Int { WebLimits.maxBody }

    public var requestDecoder: URLEncodedFormDecoder { URLEncodedFormDecoder() }
}

/// Bounds on what a request may send.
public enum WebLimits {
    /// Largest request body accepted, in bytes (1 MiB); more gets 413 and nothing is read.
    public static let maxBody = 1 << 20
}
