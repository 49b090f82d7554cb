/* rapport-fake-rt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* sam.agent's token on the fake (user 31, tests/data/rt/user-agent.json). */
#define RAPPORT_FAKE_RT_TOKEN "1-31-0e0b319dc88049977c625545f19966ff"

/* How the fake answers. */
typedef enum
{
  RAPPORT_FAKE_RT_OK,           /* like RT 5.0.3: 401 JSON without the token, else the fixtures */
  RAPPORT_FAKE_RT_BAD_TOKEN,    /* like RT, but no token is valid: 401 JSON everywhere */
  RAPPORT_FAKE_RT_FORBIDDEN,    /* like RT, but the token's user record is 403 */
  RAPPORT_FAKE_RT_NO_QUEUES,    /* like RT, but queues/all is empty (an unprivileged user) */
  RAPPORT_FAKE_RT_HTML,         /* a web site: 200 text/html everywhere */
  RAPPORT_FAKE_RT_NOT_FOUND,    /* a web server without RT: 404 text/html everywhere */
  RAPPORT_FAKE_RT_JSON_NOT_RT,  /* another JSON API: 200 {"status":"ok"} everywhere */
  RAPPORT_FAKE_RT_REDIRECT,     /* 301 to the same path on https://localhost:<port> */
  RAPPORT_FAKE_RT_LOGIN_PAGE,   /* RT's web UI at the root: paths it does not know (also
                                 * /rt/REST/2.0/…) get 302 to /NoAuth/Login.html?next=… */
  RAPPORT_FAKE_RT_SERVER_ERROR, /* 500 with an empty body everywhere */
  RAPPORT_FAKE_RT_UNAVAILABLE,  /* 503 text/html everywhere */
  RAPPORT_FAKE_RT_HTTP_AUTH,    /* 401 text/html with WWW-Authenticate: Basic everywhere */
  RAPPORT_FAKE_RT_STALL,        /* never answers */
  RAPPORT_FAKE_RT_SSO,          /* a single sign-on proxy that lets RT's unauthenticated
                                 * answer through, then sends its 200 text/html login page
                                 * for every request with a token */
} RapportFakeRtMode;

typedef struct
{
  char *path;
  char *query;         /* raw, or NULL */
  char *authorization; /* or NULL */
  char *user_agent;    /* or NULL */
} RapportFakeRtRequest;

typedef struct _RapportFakeRt RapportFakeRt;

/* A SoupServer on 127.0.0.1 (port 0) in its own thread; with @tls, it speaks HTTPS with the
 * self-signed test certificate of tests/data/tls. */
RapportFakeRt *rapport_fake_rt_new          (RapportFakeRtMode  mode,
                                             gboolean           tls);
void           rapport_fake_rt_free         (RapportFakeRt     *rt);
void           rapport_fake_rt_set_mode     (RapportFakeRt     *rt,
                                             RapportFakeRtMode  mode);
guint          rapport_fake_rt_get_port     (RapportFakeRt     *rt);
/* "http://127.0.0.1:<port>" (or https). */
char          *rapport_fake_rt_get_url      (RapportFakeRt     *rt);
/* Copies of the requests received so far (element-type RapportFakeRtRequest). */
GPtrArray     *rapport_fake_rt_get_requests (RapportFakeRt     *rt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportFakeRt, rapport_fake_rt_free)

G_END_DECLS
