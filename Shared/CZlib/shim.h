#ifndef PRESCIENT_CZLIB_SHIM_H
#define PRESCIENT_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro; Swift needs a function. */
static inline int prescient_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}
#endif
