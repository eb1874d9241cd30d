// Declarations only (see include/CFuzzer.h); SwiftPM wants one source file per C target.
#include "CFuzzer.h"
