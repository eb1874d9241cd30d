// Akoma Ntoso import and export through libxml2.
import CLibXML2
import EntenteCore
