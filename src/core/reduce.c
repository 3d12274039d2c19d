/* reduce: to be written. */
#include "raptors/raptors.h"
