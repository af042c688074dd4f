// OpenSSL's libcrypto (Debian: libssl-dev): only its message digests are used, for SHA-256.
#include <openssl/evp.h>
