/* Lets Debian's civetweb 1.15 speak TLS with OpenSSL 3.
 *
 * civetweb loads OpenSSL at run time: it dlopen()s "libssl.so" and looks every function up by
 * name. OpenSSL 3 no longer exports SSL_get_peer_certificate (it became a macro for
 * SSL_get1_peer_certificate), so civetweb would call a null pointer on the first TLS
 * connection. This library's SONAME is "libssl.so" and it depends on libssl.so.3: loaded by
 * crmd before civetweb starts, civetweb's dlopen("libssl.so") finds it, and its lookups find
 * the missing function here and all the others in libssl.so.3. It is built as its own shared
 * object, not part of libcrm. */

typedef struct ssl_st SSL;
typedef struct x509_st X509;

extern X509 *SSL_get1_peer_certificate(const SSL *ssl);

__attribute__((visibility("default"))) X509 *SSL_get_peer_certificate(const SSL *ssl);

X509 *
SSL_get_peer_certificate(const SSL *ssl)
{
    return SSL_get1_peer_certificate(ssl);
}
