import EntenteCore
import Foundation
import Hummingbird
import NIOCore

/// What each request carries through the middleware to its handler.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The page's language: `?lang=` when given, else the signed-in person's preferred
    /// language, else the `lang` cookie, else French (the reference language of the Québec
    /// administration).
    public var lang: Language = .fr
    /// The synchroniser token every form echoes as `_csrf`: the session's own once signed
    /// in, else (the sign-in and setup forms) the `entente_csrf` cookie's.
    public var csrfToken: String = ""
    /// The person signed in (browser session) or named by the API token; nil: nobody.
    public var person: Person?
    /// When the browser session ends (nil without one).
    public var sessionExpires: Date?
    /// Whether the session ends within `SessionRules.warnBefore` (pages then say when).
    public var sessionEndsSoon = false
    /// The session key of this request's cookie (nil without a valid session).
    var sessionKey: String?
    /// The client's address as the socket says (not any proxy header): the setup link is
    /// accepted from a loopback address only.
    public var remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
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
