#ifndef ENTENTE_CLIBXML2_SHIM_H
#define ENTENTE_CLIBXML2_SHIM_H
// Debian's libxml2 headers pull in ICU, which clashes with Foundation's copy of it.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlIO.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlwriter.h>

// xmlFree is a C global variable: a hard error under Swift 6 strict concurrency.
static inline void cxml_free(void *p) { xmlFree(p); }
#endif
