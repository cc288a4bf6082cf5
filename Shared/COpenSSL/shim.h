#ifndef PRESCIENT_COPENSSL_SHIM_H
#define PRESCIENT_COPENSSL_SHIM_H

// OpenSSL for the WebSocket client (SHA-1 for the opening handshake's accept key, TLS for wss://)
// and for signing webhook deliveries (HMAC-SHA256).
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

// Macros Swift cannot call, as typed functions.
static inline long prescient_ssl_set_server_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

static inline long prescient_ssl_ctx_set_min_tls12(SSL_CTX *context) {
    return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
}

#endif
