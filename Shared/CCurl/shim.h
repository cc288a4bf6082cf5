#ifndef PRESCIENT_CCURL_SHIM_H
#define PRESCIENT_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
   These typed wrappers give Swift one non-variadic entry point per argument type. */

typedef size_t (*prescient_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode prescient_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode prescient_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode prescient_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode prescient_curl_set_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode prescient_curl_set_callback(CURL *handle, CURLoption option, prescient_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode prescient_curl_set_postfields(CURL *handle, const void *data, long length) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, length);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_POSTFIELDS, data);
}

static inline CURLcode prescient_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
