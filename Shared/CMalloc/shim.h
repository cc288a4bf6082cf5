#ifndef PRESCIENT_CMALLOC_SHIM_H
#define PRESCIENT_CMALLOC_SHIM_H
#include <malloc.h>

/* Gives the heap's free pages back to the system (glibc keeps them resident otherwise);
   returns 1 when memory was released. */
static inline int prescient_release_free_heap(void) { return malloc_trim(0); }
#endif
