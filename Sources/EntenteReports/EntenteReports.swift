// Reports from templates.
import EntenteCore
import Mustache
