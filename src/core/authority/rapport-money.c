/* rapport-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-money"

#include "config.h"

#include "rapport-money.h"
#include "rapport-types.h"

#include <limits.h>
#include <locale.h>
#include <string.h>

G_DEFINE_QUARK (rapport-money-error-quark, rapport_money_error)

#define NO_BREAK_SPACE 0x00A0

/* ISO 4217 exponents, and how each currency is written. @display is what the formatter
 * writes before or after the number; NULL means the code, either because the currency has
 * no unambiguous symbol or because its symbol is written in a right-to-left script (a
 * strong RTL character inside an amount reorders its digits in LTR text). @accepted are
 * further ways the parser accepts, written without spaces; "$" is accepted for every
 * dollar and peso, since an agent of a CAD account who types "$" means CAD. */
typedef struct
{
  const char *code;
  guint8      exponent;
  const char *display;
  const char *accepted[4];
} Currency;

static const Currency currencies[] = {
  { "AED", 2, NULL, { "د.إ" } },
  { "ARS", 2, NULL, { "$" } },
  { "AUD", 2, "A$", { "$", "AU$" } },
  { "BGN", 2, NULL, { "лв" } },
  { "BHD", 3, NULL, { "د.ب" } },
  { "BRL", 2, "R$", { NULL } },
  { "CAD", 2, "CA$", { "$" } },
  { "CHF", 2, NULL, { NULL } },
  { "CLF", 4, NULL, { "UF" } },
  { "CLP", 0, NULL, { "$" } },
  { "CNY", 2, "CN¥", { "¥", "￥", "元" } },
  { "COP", 2, NULL, { "$" } },
  { "CZK", 2, NULL, { "Kč" } },
  { "DKK", 2, NULL, { "kr", "kr." } },
  { "EGP", 2, NULL, { "E£", "ج.م" } },
  { "EUR", 2, "€", { NULL } },
  { "GBP", 2, "£", { NULL } },
  { "HKD", 2, "HK$", { "$" } },
  { "HUF", 2, NULL, { "Ft" } },
  { "IDR", 2, NULL, { "Rp" } },
  { "ILS", 2, "₪", { NULL } },
  { "INR", 2, "₹", { NULL } },
  { "IQD", 3, NULL, { "ع.د" } },
  { "ISK", 0, NULL, { "kr" } },
  { "JOD", 3, NULL, { "د.ا" } },
  { "JPY", 0, "¥", { "￥", "円" } },
  { "KES", 2, NULL, { "KSh" } },
  { "KRW", 0, "₩", { "원" } },
  { "KWD", 3, NULL, { "د.ك" } },
  { "LYD", 3, NULL, { "ل.د" } },
  { "MAD", 2, NULL, { "د.م." } },
  { "MXN", 2, "MX$", { "$" } },
  { "MYR", 2, NULL, { "RM" } },
  { "NGN", 2, "₦", { NULL } },
  { "NOK", 2, NULL, { "kr" } },
  { "NZD", 2, "NZ$", { "$" } },
  { "OMR", 3, NULL, { "ر.ع." } },
  { "PEN", 2, NULL, { "S/" } },
  { "PHP", 2, "₱", { NULL } },
  { "PKR", 2, NULL, { "Rs" } },
  { "PLN", 2, NULL, { "zł" } },
  { "PYG", 0, NULL, { "₲" } },
  { "QAR", 2, NULL, { "ر.ق" } },
  { "RON", 2, NULL, { "lei" } },
  { "RUB", 2, "₽", { NULL } },
  { "SAR", 2, NULL, { "ر.س" } },
  { "SEK", 2, NULL, { "kr" } },
  { "SGD", 2, NULL, { "S$", "$" } },
  { "THB", 2, "฿", { NULL } },
  { "TND", 3, NULL, { "د.ت" } },
  { "TRY", 2, "₺", { NULL } },
  { "TWD", 2, NULL, { "NT$", "$" } },
  { "UAH", 2, "₴", { NULL } },
  { "UGX", 0, NULL, { "USh" } },
  { "USD", 2, "$", { "US$" } },
  { "UYI", 0, NULL, { NULL } },
  { "UYU", 2, NULL, { "$U", "$" } },
  { "UYW", 4, NULL, { NULL } },
  { "VND", 0, "₫", { NULL } },
  { "XAF", 0, NULL, { "FCFA" } },
  { "XOF", 0, NULL, { "CFA", "FCFA" } },
  { "ZAR", 2, NULL, { "R" } },
};

static const gint64 powers_of_ten[] = { 1, 10, 100, 1000, 10000 };

static const Currency *
find_currency (const char *code)
{
  if (code == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (strcmp (currencies[i].code, code) == 0)
      return &currencies[i];

  return NULL;
}

static const Currency *
lookup_currency (const char  *code,
                 GError     **error)
{
  const Currency *currency = find_currency (code);

  if (currency == NULL)
    g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_UNKNOWN_CURRENCY,
                 "“%s” is not a currency code this version knows (ISO 4217, upper case)",
                 code != NULL ? code : "(null)");
  return currency;
}

gboolean
rapport_currency_is_known (const char *code)
{
  return find_currency (code) != NULL;
}

/* The number of decimals of the currency's minor unit, or -1 for an unknown code. */
int
rapport_currency_get_exponent (const char *code)
{
  const Currency *currency = find_currency (code);

  return currency != NULL ? currency->exponent : -1;
}

gboolean
rapport_money_init (RapportMoney  *money,
                    gint64         minor,
                    const char    *currency,
                    GError       **error)
{
  const Currency *entry;

  g_return_val_if_fail (money != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = lookup_currency (currency, error);
  if (entry == NULL)
    return FALSE;

  money->minor = minor;
  memcpy (money->currency, entry->code, sizeof money->currency);
  return TRUE;
}

int
rapport_money_get_exponent (const RapportMoney *money)
{
  g_return_val_if_fail (money != NULL, -1);

  return rapport_currency_get_exponent (money->currency);
}

static gboolean
check_same_currency (const RapportMoney  *a,
                     const RapportMoney  *b,
                     GError             **error)
{
  if (strcmp (a->currency, b->currency) == 0)
    return TRUE;

  g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_MIXED_CURRENCIES,
               "Cannot combine amounts in %s and %s: there is no conversion",
               a->currency, b->currency);
  return FALSE;
}

static void
set_overflow_error (GError **error)
{
  g_set_error_literal (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_OVERFLOW,
                       "The amount is too large");
}

gboolean
rapport_money_add (const RapportMoney  *a,
                   const RapportMoney  *b,
                   RapportMoney        *out,
                   GError             **error)
{
  gint64 sum;

  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_add_overflow (a->minor, b->minor, &sum))
    {
      set_overflow_error (error);
      return FALSE;
    }

  *out = *a;
  out->minor = sum;
  return TRUE;
}

gboolean
rapport_money_subtract (const RapportMoney  *a,
                        const RapportMoney  *b,
                        RapportMoney        *out,
                        GError             **error)
{
  gint64 difference;

  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;
  if (__builtin_sub_overflow (a->minor, b->minor, &difference))
    {
      set_overflow_error (error);
      return FALSE;
    }

  *out = *a;
  out->minor = difference;
  return TRUE;
}

gboolean
rapport_money_compare (const RapportMoney  *a,
                       const RapportMoney  *b,
                       int                 *result,
                       GError             **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_same_currency (a, b, error))
    return FALSE;

  *result = (a->minor > b->minor) - (a->minor < b->minor);
  return TRUE;
}

/* The first character of a localeconv() string (in the locale's charset), or @fallback. */
static gunichar
locale_first_char (const char *text,
                   gunichar    fallback)
{
  g_autofree char *utf8 = NULL;

  if (text == NULL || *text == '\0')
    return fallback;

  utf8 = g_locale_to_utf8 (text, -1, NULL, NULL, NULL);
  if (utf8 == NULL || *utf8 == '\0')
    return fallback;

  return g_utf8_get_char (utf8);
}

void
rapport_money_format_init_from_locale (RapportMoneyFormat *format)
{
  const struct lconv *conventions;
  gboolean precedes;
  gboolean spaced;

  g_return_if_fail (format != NULL);

  conventions = localeconv ();

  format->decimal = locale_first_char (conventions->mon_decimal_point,
                                       locale_first_char (conventions->decimal_point, '.'));
  format->grouping = locale_first_char (conventions->mon_thousands_sep, 0);
  format->group_first = 0;
  format->group_rest = 0;

  /* mon_grouping: the first size, then the one that repeats; 0 or CHAR_MAX end it. */
  if (conventions->mon_grouping != NULL)
    {
      char first = conventions->mon_grouping[0];

      if (first > 0 && first != CHAR_MAX)
        {
          char rest = conventions->mon_grouping[1];

          format->group_first = (guint8) first;
          if (rest > 0 && rest != CHAR_MAX)
            format->group_rest = (guint8) rest;
        }
    }
  if (format->grouping == 0 || format->grouping == format->decimal)
    {
      format->grouping = 0;
      format->group_first = 0;
      format->group_rest = 0;
    }

  /* CHAR_MAX means "not specified": the symbol goes before, unspaced, as in C. */
  precedes = conventions->p_cs_precedes != 0;
  spaced = conventions->p_sep_by_space == 1 || conventions->p_sep_by_space == 2;
  if (precedes)
    format->position = spaced ? RAPPORT_MONEY_SYMBOL_BEFORE_SPACED : RAPPORT_MONEY_SYMBOL_BEFORE;
  else
    format->position = spaced ? RAPPORT_MONEY_SYMBOL_AFTER_SPACED : RAPPORT_MONEY_SYMBOL_AFTER;
}

/* Parsing */

/* Bidi controls, and the byte order mark a pasted amount may start with. */
static gboolean
is_bidi_control (gunichar c)
{
  return c == 0xFEFF || rapport_unichar_is_bidi_control (c);
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x202F || c == NO_BREAK_SPACE;
}

static gboolean
is_minus (gunichar c)
{
  /* hyphen-minus, minus sign, en dash, small and fullwidth hyphen-minus, parentheses */
  return c == '-' || c == 0x2212 || c == 0x2013 || c == 0xFE63 || c == 0xFF0D ||
         c == '(' || c == ')';
}

static gboolean
is_plus (gunichar c)
{
  return c == '+' || c == 0xFF0B;
}

/* Characters people use as a decimal or grouping separator somewhere. */
static gboolean
is_separator_like (gunichar c)
{
  return c == '.' || c == ',' || c == '\'' || c == 0x2019 || c == 0x066B || c == 0x066C ||
         c == 0x00B7 || c == 0x2009 || is_space (c);
}

static gboolean
is_grouping (const RapportMoneyFormat *format,
             gunichar                  c)
{
  if (format->grouping == 0 || format->group_first == 0)
    return FALSE;
  if (c == format->grouping)
    return TRUE;
  /* A space-like grouping accepts every space an agent can type or paste. */
  if (is_space (format->grouping))
    return c == ' ' || c == NO_BREAK_SPACE || c == 0x202F || c == 0x2009;
  if (format->grouping == '\'' || format->grouping == 0x2019)
    return c == '\'' || c == 0x2019;
  return FALSE;
}

/* For messages: "“,”", "space", "narrow no-break space", "none". */
static char *
describe_separator (gunichar c)
{
  char buffer[8] = { 0 };

  switch (c)
    {
    case 0:
      return g_strdup ("none");
    case ' ':
      return g_strdup ("a space");
    case NO_BREAK_SPACE:
      return g_strdup ("a no-break space");
    case 0x202F:
      return g_strdup ("a narrow no-break space");
    default:
      g_unichar_to_utf8 (c, buffer);
      return g_strdup_printf ("“%s”", buffer);
    }
}

static void
set_separator_error (GError                  **error,
                     gunichar                  found,
                     const RapportMoneyFormat *format)
{
  g_autofree char *found_text = describe_separator (found);
  g_autofree char *decimal_text = describe_separator (format->decimal);
  g_autofree char *grouping_text =
    describe_separator (format->group_first > 0 ? format->grouping : 0);

  g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_SEPARATOR,
               "Unexpected %s in the amount: the decimal separator is %s and the digit "
               "grouping is %s",
               found_text, decimal_text, grouping_text);
}

static void
set_not_a_number_error (GError     **error,
                        const char  *text)
{
  g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_NOT_A_NUMBER,
               "“%s” is not an amount", text);
}

static gboolean
names_currency (const Currency *currency,
                const char     *marker)
{
  if (g_ascii_strcasecmp (marker, currency->code) == 0)
    return TRUE;
  if (currency->display != NULL && strcmp (marker, currency->display) == 0)
    return TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (currency->accepted) && currency->accepted[i] != NULL; i++)
    if (strcmp (marker, currency->accepted[i]) == 0)
      return TRUE;
  return FALSE;
}

/* @marker is what stands before or after the number, without spaces and signs. */
static gboolean
check_marker (const Currency  *currency,
              const char      *marker,
              const char      *text,
              GError         **error)
{
  gsize length = strlen (marker);
  gboolean other_currency;

  if (length == 0 || names_currency (currency, marker))
    return TRUE;

  /* Any currency code (three letters, known or not) or symbol that is not the account's. */
  other_currency = length == 3 && g_ascii_isalpha (marker[0]) && g_ascii_isalpha (marker[1]) &&
                   g_ascii_isalpha (marker[2]);
  for (gsize i = 0; i < G_N_ELEMENTS (currencies) && !other_currency; i++)
    other_currency = names_currency (&currencies[i], marker);

  if (other_currency)
    {
      g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_OTHER_CURRENCY,
                   "“%s” is another currency: amounts are in %s here", marker, currency->code);
      return FALSE;
    }

  set_not_a_number_error (error, text);
  return FALSE;
}

/* v = v * 10 + digit, or FALSE on overflow. */
static gboolean
push_digit (gint64 *value,
            int     digit)
{
  return !__builtin_mul_overflow (*value, 10, value) &&
         !__builtin_add_overflow (*value, digit, value);
}

/* Adds @digits (values 0-9) then pads to @exponent decimals; FALSE on overflow. */
static gboolean
accumulate (const guint8 *integer_digits,
            gsize         n_integer,
            const guint8 *fraction_digits,
            gsize         n_fraction,
            guint         exponent,
            gint64       *value)
{
  *value = 0;
  for (gsize i = 0; i < n_integer; i++)
    if (!push_digit (value, integer_digits[i]))
      return FALSE;
  for (gsize i = 0; i < n_fraction; i++)
    if (!push_digit (value, fraction_digits[i]))
      return FALSE;
  for (gsize i = n_fraction; i < exponent; i++)
    if (!push_digit (value, 0))
      return FALSE;
  return TRUE;
}

static void
set_too_many_decimals_error (GError         **error,
                             const Currency  *currency)
{
  if (currency->exponent == 0)
    g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS,
                 "Too many decimals for %s: it has no decimals", currency->code);
  else
    g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS,
                 "Too many decimals for %s: at most %u", currency->code, currency->exponent);
}

/* The group sizes of the integer part, right to left, must follow the format: the
 * rightmost group has group_first digits, the others group_rest (or group_first), and the
 * leftmost one at most that many. */
static gboolean
check_groups (const RapportMoneyFormat *format,
              const guint              *groups,
              gsize                     n_groups)
{
  guint rest = format->group_rest != 0 ? format->group_rest : format->group_first;

  if (n_groups < 2)
    return TRUE;

  for (gsize i = n_groups; i-- > 0;)
    {
      guint expected = i == n_groups - 1 ? format->group_first : rest;

      if (i == 0 ? (groups[i] == 0 || groups[i] > expected) : groups[i] != expected)
        return FALSE;
    }
  return TRUE;
}

/* Drops bidi controls anywhere, then the spaces around; returns the new length. */
static glong
strip_controls_and_trim (gunichar *chars,
                         glong     n_chars)
{
  glong length = 0;
  glong start = 0;

  for (glong i = 0; i < n_chars; i++)
    if (!is_bidi_control (chars[i]))
      chars[length++] = chars[i];
  while (length > 0 && is_space (chars[length - 1]))
    length--;
  while (start < length && is_space (chars[start]))
    start++;
  memmove (chars, chars + start, (gsize) (length - start) * sizeof *chars);
  return length - start;
}

gboolean
rapport_money_parse (RapportMoney             *out,
                     const char               *text,
                     const char               *currency,
                     const RapportMoneyFormat *format,
                     GError                  **error)
{
  const Currency *entry;
  g_autofree gunichar *chars = NULL;
  g_autofree guint8 *integer_digits = NULL;
  g_autofree guint8 *fraction_digits = NULL;
  g_autofree guint *groups = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  g_autoptr(GString) suffix = g_string_new (NULL);
  glong n_chars = 0;
  glong length;
  glong first_digit = -1;
  glong last_digit = -1;
  gsize n_integer = 0;
  gsize n_fraction = 0;
  gsize n_groups = 1;
  gboolean negative = FALSE;
  gboolean plus = FALSE;
  gboolean in_fraction = FALSE;
  gunichar zero = 0;
  gint64 value;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = lookup_currency (currency, error);
  if (entry == NULL)
    return FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_NOT_A_NUMBER,
                           "The amount is not valid UTF-8 text");
      return FALSE;
    }

  chars = g_utf8_to_ucs4_fast (text, -1, &n_chars);
  length = strip_controls_and_trim (chars, n_chars);

  if (length == 0)
    {
      g_set_error_literal (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_EMPTY,
                           "No amount was given");
      return FALSE;
    }

  for (glong i = 0; i < length; i++)
    if (g_unichar_isdigit (chars[i]))
      {
        if (first_digit < 0)
          first_digit = i;
        last_digit = i;
      }
  if (first_digit < 0)
    {
      set_not_a_number_error (error, text);
      return FALSE;
    }

  /* What stands before and after the number: spaces, a sign, the currency. */
  for (glong i = 0; i < length; i++)
    {
      GString *marker;

      if (i == first_digit)
        i = last_digit;
      else
        {
          marker = i < first_digit ? prefix : suffix;
          if (is_minus (chars[i]))
            negative = TRUE;
          else if (is_plus (chars[i]))
            plus = TRUE;
          else if (!is_space (chars[i]))
            g_string_append_unichar (marker, chars[i]);
        }
    }

  if (negative)
    {
      g_set_error_literal (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_NEGATIVE,
                           "The amount cannot be negative");
      return FALSE;
    }
  if (plus)
    {
      g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_NOT_A_NUMBER,
                   "“%s” is not an amount: write it without a sign", text);
      return FALSE;
    }
  if (!check_marker (entry, prefix->str, text, error) ||
      !check_marker (entry, suffix->str, text, error))
    return FALSE;

  /* The number itself: digits of one script, the decimal separator at most once, the
   * grouping only in the integer part and at the right places. */
  integer_digits = g_new (guint8, last_digit - first_digit + 1);
  fraction_digits = g_new (guint8, last_digit - first_digit + 1);
  groups = g_new0 (guint, last_digit - first_digit + 1);
  for (glong i = first_digit; i <= last_digit; i++)
    {
      gunichar c = chars[i];
      int digit = g_unichar_digit_value (c);

      if (digit >= 0)
        {
          if (zero == 0)
            zero = c - (gunichar) digit;
          else if (c - (gunichar) digit != zero)
            {
              g_set_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_NOT_A_NUMBER,
                           "“%s” is not an amount: it mixes digits of different scripts",
                           text);
              return FALSE;
            }
          if (in_fraction)
            fraction_digits[n_fraction++] = (guint8) digit;
          else
            {
              integer_digits[n_integer++] = (guint8) digit;
              groups[n_groups - 1]++;
            }
        }
      else if (c == format->decimal && !in_fraction)
        in_fraction = TRUE;
      else if (is_grouping (format, c) && !in_fraction)
        {
          if (groups[n_groups - 1] == 0)
            {
              set_separator_error (error, c, format);
              return FALSE;
            }
          n_groups++;
        }
      else if (c == format->decimal || is_grouping (format, c) || is_separator_like (c))
        {
          set_separator_error (error, c, format);
          return FALSE;
        }
      else
        {
          set_not_a_number_error (error, text);
          return FALSE;
        }
    }

  if (!check_groups (format, groups, n_groups))
    {
      set_separator_error (error, format->grouping, format);
      return FALSE;
    }
  if (n_fraction > entry->exponent)
    {
      set_too_many_decimals_error (error, entry);
      return FALSE;
    }
  if (!accumulate (integer_digits, n_integer, fraction_digits, n_fraction, entry->exponent,
                   &value))
    {
      set_overflow_error (error);
      return FALSE;
    }
  if (value == 0)
    {
      g_set_error_literal (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_ZERO,
                           "The amount cannot be zero");
      return FALSE;
    }

  out->minor = value;
  memcpy (out->currency, entry->code, sizeof out->currency);
  return TRUE;
}

/* Formatting */

/* The magnitude's integer and fraction parts, in ASCII digits. */
static void
split_magnitude (const RapportMoney *money,
                 guint               exponent,
                 char                integer_part[32],
                 char                fraction_part[8])
{
  guint64 magnitude = money->minor < 0 ? -(guint64) money->minor : (guint64) money->minor;
  guint64 scale = (guint64) powers_of_ten[exponent];
  guint64 fraction = magnitude % scale;

  g_snprintf (integer_part, 32, "%" G_GUINT64_FORMAT, magnitude / scale);
  /* Zero-padded from the right end: exponent digits of the remainder. */
  for (guint i = exponent; i > 0; i--)
    {
      fraction_part[i - 1] = (char) ('0' + fraction % 10);
      fraction /= 10;
    }
  fraction_part[exponent] = '\0';
}

char *
rapport_money_format (const RapportMoney       *money,
                      const RapportMoneyFormat *format)
{
  const Currency *entry;
  GString *result;
  const char *symbol;
  gboolean spaced;
  gboolean before;
  char integer_part[32];
  char fraction_part[8];
  gsize n_integer;
  guint rest;

  g_return_val_if_fail (money != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  entry = find_currency (money->currency);
  g_return_val_if_fail (entry != NULL, NULL);

  split_magnitude (money, entry->exponent, integer_part, fraction_part);
  n_integer = strlen (integer_part);
  rest = format->group_rest != 0 ? format->group_rest : format->group_first;

  symbol = entry->display != NULL ? entry->display : entry->code;
  before = format->position == RAPPORT_MONEY_SYMBOL_BEFORE ||
           format->position == RAPPORT_MONEY_SYMBOL_BEFORE_SPACED;
  spaced = entry->display == NULL ||
           format->position == RAPPORT_MONEY_SYMBOL_BEFORE_SPACED ||
           format->position == RAPPORT_MONEY_SYMBOL_AFTER_SPACED;

  result = g_string_new (NULL);
  if (money->minor < 0)
    g_string_append_c (result, '-');
  if (before)
    {
      g_string_append (result, symbol);
      if (spaced)
        g_string_append_unichar (result, NO_BREAK_SPACE);
    }

  for (gsize i = 0; i < n_integer; i++)
    {
      gsize left = n_integer - i; /* digits from here to the decimal separator */

      if (i > 0 && format->grouping != 0 && format->group_first > 0 &&
          left >= format->group_first && (left - format->group_first) % rest == 0)
        g_string_append_unichar (result, format->grouping);
      g_string_append_c (result, integer_part[i]);
    }
  if (entry->exponent > 0)
    {
      g_string_append_unichar (result, format->decimal);
      g_string_append (result, fraction_part);
    }

  if (!before)
    {
      if (spaced)
        g_string_append_unichar (result, NO_BREAK_SPACE);
      g_string_append (result, symbol);
    }

  return g_string_free (result, FALSE);
}

/* The wire form */

gboolean
rapport_money_parse_wire (RapportMoney  *out,
                          const char    *text,
                          const char    *currency,
                          GError       **error)
{
  const Currency *entry;
  const char *dot;
  g_autofree guint8 *digits = NULL;
  gsize n_integer;
  gsize n_fraction = 0;
  gsize length;
  gint64 value;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  entry = lookup_currency (currency, error);
  if (entry == NULL)
    return FALSE;

  length = strlen (text);
  if (length == 0)
    {
      g_set_error_literal (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_EMPTY,
                           "No amount was given");
      return FALSE;
    }
  if (text[0] == '-')
    {
      g_set_error_literal (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_NEGATIVE,
                           "The amount cannot be negative");
      return FALSE;
    }

  dot = strchr (text, '.');
  n_integer = dot != NULL ? (gsize) (dot - text) : length;
  if (dot != NULL)
    n_fraction = length - n_integer - 1;
  digits = g_new (guint8, length);
  for (gsize i = 0, n = 0; i < length; i++)
    {
      if (text + i == dot)
        continue;
      if (!g_ascii_isdigit (text[i]))
        {
          set_not_a_number_error (error, text);
          return FALSE;
        }
      digits[n++] = (guint8) (text[i] - '0');
    }
  if (n_integer == 0 || (dot != NULL && n_fraction == 0))
    {
      set_not_a_number_error (error, text);
      return FALSE;
    }
  if (n_fraction > entry->exponent)
    {
      set_too_many_decimals_error (error, entry);
      return FALSE;
    }
  if (!accumulate (digits, n_integer, digits + n_integer, n_fraction, entry->exponent, &value))
    {
      set_overflow_error (error);
      return FALSE;
    }

  out->minor = value;
  memcpy (out->currency, entry->code, sizeof out->currency);
  return TRUE;
}

char *
rapport_money_to_wire (const RapportMoney *money)
{
  const Currency *entry;
  char integer_part[32];
  char fraction_part[8];

  g_return_val_if_fail (money != NULL, NULL);

  entry = find_currency (money->currency);
  g_return_val_if_fail (entry != NULL, NULL);

  split_magnitude (money, entry->exponent, integer_part, fraction_part);
  return g_strconcat (money->minor < 0 ? "-" : "", integer_part,
                      entry->exponent > 0 ? "." : "", fraction_part, NULL);
}
