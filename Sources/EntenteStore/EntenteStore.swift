// The workspace database.
import EntenteCore
import GRDB
