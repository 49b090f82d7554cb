/* fuzz-identity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Identities: a customer's address from the server (e-mail, phone number, chat or social
 * handle, web) normalized for every channel. The address is text the store accepted (valid
 * UTF-8 without NUL); the result must be NULL or storable text, an e-mail address with one
 * '@' between two non-empty parts, a phone number in E.164, and normalizing an e-mail
 * address or a phone number again must not change it (they are the keys identities link
 * by).
 */
#define G_LOG_DOMAIN "rapport-fuzz-identity"

#include "config.h"

#include "rapport-fuzz.h"
#include "rapport-identity.h"
#include "rapport-text.h"

#include <string.h>

static void
check_email (const char *normalized)
{
  const char *at = strchr (normalized, '@');

  if (at == NULL || at == normalized || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    g_error ("not an e-mail address: \"%s\"", normalized);
}

static void
check_phone (const char *normalized)
{
  gsize digits = strlen (normalized) - 1;

  if (normalized[0] != '+' || digits < 8 || digits > 15)
    g_error ("not an E.164 number: \"%s\"", normalized);
  for (const char *p = normalized + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      g_error ("not an E.164 number: \"%s\"", normalized);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *address = NULL;

  if (!rapport_text_is_storable ((const char *) data, (gssize) size))
    return 0;
  address = rapport_fuzz_strndup (data, size);

  for (RapportChannel channel = RAPPORT_CHANNEL_EMAIL; channel <= RAPPORT_CHANNEL_WEB;
       channel++)
    {
      g_autofree char *normalized = rapport_identity_normalize (channel, address);
      g_autofree char *again = NULL;

      if (normalized == NULL)
        continue;

      if (!rapport_text_is_storable (normalized, -1))
        g_error ("normalizing \"%s\" gave text the store refuses", address);

      if (channel == RAPPORT_CHANNEL_EMAIL)
        check_email (normalized);
      else if (channel == RAPPORT_CHANNEL_PHONE)
        check_phone (normalized);
      else
        continue;

      again = rapport_identity_normalize (channel, normalized);
      if (g_strcmp0 (again, normalized) != 0)
        g_error ("normalizing \"%s\" twice gave \"%s\", then \"%s\"", address, normalized,
                 again != NULL ? again : "(null)");
    }

  return 0;
}
