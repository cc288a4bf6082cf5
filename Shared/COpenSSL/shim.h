#ifndef PRESCIENT_COPENSSL_SHIM_H
#define PRESCIENT_COPENSSL_SHIM_H

// OpenSSL for the WebSocket client: SHA-1 for the opening handshake's accept key, TLS for wss://.
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

#endif
