#ifndef PRESCIENT_CLIBPQ_SHIM_H
#define PRESCIENT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
