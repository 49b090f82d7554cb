/* test-provider.c
 *
 * The provider contract's own logic: what rapport_provider_get_capabilities() reports for
 * providers with and without a write side, with and without a get_capabilities().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-provider"

#include "config.h"

#include "rapport-enums.h"
#include "rapport-provider.h"

static const char *
probe_get_kind (RapportProvider *provider)
{
  return "probe";
}

/* Says everything, writes included, whether it writes or not. */
static RapportProviderCapabilities
probe_get_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_WRITES |
         RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS |
         RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE;
}

static RapportProviderCapabilities
probe_get_no_capabilities (RapportProvider *provider)
{
  return RAPPORT_PROVIDER_CAPABILITY_NONE;
}

static void
probe_post_message_async (RapportProvider     *provider,
                          const char          *ticket_remote_id,
                          RapportVisibility    visibility,
                          const char          *body,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_assert_not_reached ();
}

static void
probe_update_ticket_async (RapportProvider            *provider,
                           const char                 *ticket_remote_id,
                           const RapportTicketChanges *changes,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_assert_not_reached ();
}

static void
add_writes (RapportProviderInterface *iface)
{
  iface->post_message_async = probe_post_message_async;
  iface->update_ticket_async = probe_update_ticket_async;
}

/* writer: writes, no get_capabilities(); reader: neither; claimer: claims WRITES without a
 * write side; full: writes and says so; modest: writes and says nothing. */
static void
writer_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = probe_get_kind;
  add_writes (iface);
}

static void
reader_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = probe_get_kind;
}

static void
claimer_iface_init (RapportProviderInterface *iface)
{
  iface->get_kind = probe_get_kind;
  iface->get_capabilities = probe_get_capabilities;
}

static void
full_iface_init (RapportProviderInterface *iface)
{
  writer_iface_init (iface);
  iface->get_capabilities = probe_get_capabilities;
}

static void
modest_iface_init (RapportProviderInterface *iface)
{
  writer_iface_init (iface);
  iface->get_capabilities = probe_get_no_capabilities;
}

/* One GObject type per interface above. */
#define DEFINE_PROBE(TypeName, type_name)                                                  \
  typedef GObject TypeName;                                                                \
  typedef GObjectClass TypeName##Class;                                                    \
  static GType type_name##_get_type (void);                                                \
  G_DEFINE_TYPE_WITH_CODE (TypeName, type_name, G_TYPE_OBJECT,                             \
                           G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_PROVIDER,                   \
                                                  type_name##_iface_init))                 \
  static void type_name##_class_init (TypeName##Class *klass) { }                          \
  static void type_name##_init (TypeName *self) { }

DEFINE_PROBE (Writer, writer)
DEFINE_PROBE (Reader, reader)
DEFINE_PROBE (Claimer, claimer)
DEFINE_PROBE (Full, full)
DEFINE_PROBE (Modest, modest)

static RapportProviderCapabilities
capabilities_of (GType type)
{
  g_autoptr(GObject) provider = g_object_new (type, NULL);

  return rapport_provider_get_capabilities (RAPPORT_PROVIDER (provider));
}

static void
test_capabilities (void)
{
  /* Without get_capabilities(): WRITES when the write side is there, nothing else. */
  g_assert_cmpint (capabilities_of (writer_get_type ()), ==, RAPPORT_PROVIDER_CAPABILITY_WRITES);
  g_assert_cmpint (capabilities_of (reader_get_type ()), ==, RAPPORT_PROVIDER_CAPABILITY_NONE);

  /* With it: what it says, but never WRITES without a write side. */
  g_assert_cmpint (capabilities_of (full_get_type ()), ==,
                   RAPPORT_PROVIDER_CAPABILITY_WRITES |
                   RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS |
                   RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE);
  g_assert_cmpint (capabilities_of (claimer_get_type ()), ==,
                   RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS |
                   RAPPORT_PROVIDER_CAPABILITY_KNOWLEDGE_BASE);
  g_assert_cmpint (capabilities_of (modest_get_type ()), ==, RAPPORT_PROVIDER_CAPABILITY_NONE);
}

/* The flags are registered as a GFlags type, for properties and debugging. */
static void
test_capabilities_type (void)
{
  g_autoptr(GFlagsClass) flags = g_type_class_ref (RAPPORT_TYPE_PROVIDER_CAPABILITIES);
  GFlagsValue *value;

  g_assert_true (G_TYPE_IS_FLAGS (RAPPORT_TYPE_PROVIDER_CAPABILITIES));
  value = g_flags_get_first_value (flags, RAPPORT_PROVIDER_CAPABILITY_PENDING_STATUS);
  g_assert_nonnull (value);
  g_assert_cmpstr (value->value_nick, ==, "pending-status");
  value = g_flags_get_value_by_nick (flags, "demo");
  g_assert_nonnull (value);
  g_assert_cmpuint (value->value, ==, RAPPORT_PROVIDER_CAPABILITY_DEMO);
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The claimer says KNOWLEDGE_BASE but has no suggestion-content methods: it cannot fetch nor
 * link, and the wrappers fail with NOT_SUPPORTED. */
static void
test_content_not_supported (void)
{
  g_autoptr(GObject) object = g_object_new (claimer_get_type (), NULL);
  RapportProvider *provider = RAPPORT_PROVIDER (object);
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GAsyncResult) linked = NULL;
  g_autoptr(GPtrArray) content = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (rapport_provider_can_fetch_canned_content (provider));
  g_assert_false (rapport_provider_can_link_articles (provider));

  rapport_provider_fetch_canned_content_async (provider, NULL, on_result_cb, &fetched);
  while (fetched == NULL)
    g_main_context_iteration (NULL, TRUE);
  content = rapport_provider_fetch_canned_content_finish (provider, fetched, &error);
  g_assert_null (content);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  rapport_provider_link_article_async (provider, "1", "2", NULL, on_result_cb, &linked);
  while (linked == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (rapport_provider_link_article_finish (provider, linked, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

/* The host a connection error names, read back only from the codes that name one, and only
 * when it is a host name or an address. */
static void
test_error_host (void)
{
  static const struct
  {
    int         code;
    const char *message;
    const char *host;
  } cases[] = {
    { RAPPORT_PROVIDER_ERROR_REDIRECTED, "GET x: HTTP 302 [host sso.example.com]", "sso.example.com" },
    { RAPPORT_PROVIDER_ERROR_TLS, "certificate [host 127.0.0.1]", "127.0.0.1" },
    { RAPPORT_PROVIDER_ERROR_INSECURE, "token [host [2001:db8::1]]", "[2001:db8::1]" },
    { RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE, "a [host fake] page [host xn--bcher-kva.example]",
      "xn--bcher-kva.example" },
    { RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE, "page [host evil name]", NULL },
    { RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE, "page [host b\xc3\xbc" "cher.example]", NULL },
    { RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE, "page [host ]", NULL },
    { RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE, "page [host x.example] and more", NULL },
    { RAPPORT_PROVIDER_ERROR_SIGN_IN_PAGE, "no host", NULL },
    { RAPPORT_PROVIDER_ERROR_NETWORK, "GET x [host example.com]", NULL },
    { RAPPORT_PROVIDER_ERROR_SERVER_ERROR, "HTTP 500 [host example.com]", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (RAPPORT_PROVIDER_ERROR, cases[i].code,
                                                     cases[i].message);
      g_autofree char *host = rapport_provider_error_get_host (error);

      g_test_message ("%s", cases[i].message);
      g_assert_cmpstr (host, ==, cases[i].host);
    }

  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                   "x [host example.com]");

    g_assert_null (rapport_provider_error_get_host (other));
    g_assert_null (rapport_provider_error_get_host (NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/provider/error-host", test_error_host);
  g_test_add_func ("/rapport/provider/capabilities", test_capabilities);
  g_test_add_func ("/rapport/provider/capabilities-type", test_capabilities_type);
  g_test_add_func ("/rapport/provider/content-not-supported", test_content_not_supported);

  return g_test_run ();
}
