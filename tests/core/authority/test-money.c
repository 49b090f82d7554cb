/* test-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rapport-test-money"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-money.h"

/* The formats of a few locales, written out so that no locale needs to be installed. The
 * values are glibc's LC_MONETARY for each. */
static const RapportMoneyFormat format_c = {
  '.', 0, 0, 0, RAPPORT_MONEY_SYMBOL_BEFORE
};
static const RapportMoneyFormat format_en_us = {
  '.', ',', 3, 3, RAPPORT_MONEY_SYMBOL_BEFORE
};
static const RapportMoneyFormat format_de_de = {
  ',', '.', 3, 3, RAPPORT_MONEY_SYMBOL_AFTER_SPACED
};
static const RapportMoneyFormat format_fr_fr = {
  ',', 0x202F, 3, 3, RAPPORT_MONEY_SYMBOL_AFTER_SPACED
};
static const RapportMoneyFormat format_ja_jp = {
  '.', ',', 3, 3, RAPPORT_MONEY_SYMBOL_BEFORE
};
static const RapportMoneyFormat format_en_in = {
  '.', ',', 3, 2, RAPPORT_MONEY_SYMBOL_BEFORE
};
static const RapportMoneyFormat format_de_ch = {
  '.', 0x2019, 3, 3, RAPPORT_MONEY_SYMBOL_BEFORE_SPACED
};
/* Arabic (Egypt): Arabic decimal and thousands separators. */
static const RapportMoneyFormat format_ar_eg = {
  0x066B, 0x066C, 3, 3, RAPPORT_MONEY_SYMBOL_AFTER_SPACED
};

#define OK (-1)

typedef struct
{
  const RapportMoneyFormat *format;
  const char               *currency;
  const char               *text;
  int                       error;  /* a RapportMoneyError, or OK */
  gint64                    minor;  /* when OK */
} ParseCase;

static const ParseCase parse_cases[] = {
  /* en_US, USD */
  { &format_en_us, "USD", "50", OK, 5000 },
  { &format_en_us, "USD", "50.00", OK, 5000 },
  { &format_en_us, "USD", "50.5", OK, 5050 },
  { &format_en_us, "USD", "0.01", OK, 1 },
  { &format_en_us, "USD", "  $50.00 ", OK, 5000 },
  { &format_en_us, "USD", "\t$ 50.00\n", OK, 5000 },
  { &format_en_us, "USD", "$1,234.56", OK, 123456 },
  { &format_en_us, "USD", "1234.56", OK, 123456 },
  { &format_en_us, "USD", "12,345,678.90", OK, 1234567890 },
  { &format_en_us, "USD", "007.50", OK, 750 },
  { &format_en_us, "USD", "USD 50", OK, 5000 },
  { &format_en_us, "USD", "usd50", OK, 5000 },
  { &format_en_us, "USD", "50 USD", OK, 5000 },
  { &format_en_us, "USD", "US$50", OK, 5000 },
  { &format_en_us, "USD", "\u200F$50.00\u200E", OK, 5000 },
  { &format_en_us, "USD", "\u2066$50.00\u2069", OK, 5000 },
  { &format_en_us, "USD", "\uFF15\uFF10", OK, 5000 },
  { &format_en_us, "USD", "92233720368547758.07", OK, G_MAXINT64 },
  { &format_en_us, "USD", "92,233,720,368,547,758.07", OK, G_MAXINT64 },
  { &format_en_us, "USD", "", RAPPORT_MONEY_ERROR_EMPTY, 0 },
  { &format_en_us, "USD", "   ", RAPPORT_MONEY_ERROR_EMPTY, 0 },
  { &format_en_us, "USD", "\u00A0\u202F", RAPPORT_MONEY_ERROR_EMPTY, 0 },
  { &format_en_us, "USD", "-50", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_en_us, "USD", "\u221250", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_en_us, "USD", "50-", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_en_us, "USD", "(50.00)", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_en_us, "USD", "$-5", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_en_us, "USD", "-$5", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_en_us, "USD", "-0", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_en_us, "USD", "+50", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "0", RAPPORT_MONEY_ERROR_ZERO, 0 },
  { &format_en_us, "USD", "0.00", RAPPORT_MONEY_ERROR_ZERO, 0 },
  { &format_en_us, "USD", "$0", RAPPORT_MONEY_ERROR_ZERO, 0 },
  { &format_en_us, "USD", "50.001", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_en_us, "USD", "50.000", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_en_us, "USD", "92233720368547758.08", RAPPORT_MONEY_ERROR_OVERFLOW, 0 },
  { &format_en_us, "USD", "99999999999999999999", RAPPORT_MONEY_ERROR_OVERFLOW, 0 },
  { &format_en_us, "USD", "999999999999999999999999999999", RAPPORT_MONEY_ERROR_OVERFLOW, 0 },
  { &format_en_us, "USD", "abc", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "NaN", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "inf", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "$", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "1e5", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "0x10", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "5O", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "50.", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", ".50", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", ",500", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "$.50", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "\xff" "50", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "5\u0660", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_en_us, "USD", "50\u20AC", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_en_us, "USD", "EUR 50", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_en_us, "USD", "eur 50", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_en_us, "USD", "\u00A550", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_en_us, "USD", "CA$50", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_en_us, "USD", "XYZ 50", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_en_us, "USD", "$50 EUR", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_en_us, "USD", "1,50", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "1,2345", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "1,,000", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "1,000,00", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "1000,000", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "1.000.000", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "1.000,5", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "50 00", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_en_us, "USD", "50'000", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  /* C: no grouping at all */
  { &format_c, "USD", "1000.25", OK, 100025 },
  { &format_c, "USD", "1,000", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  /* ja_JP, JPY: no decimals */
  { &format_ja_jp, "JPY", "\u00A55,000", OK, 5000 },
  { &format_ja_jp, "JPY", "5000\u5186", OK, 5000 },
  { &format_ja_jp, "JPY", "\uFF15\uFF10\uFF10\uFF10\u5186", OK, 5000 },
  { &format_ja_jp, "JPY", "\uFFE55000", OK, 5000 },
  { &format_ja_jp, "JPY", "JPY 1", OK, 1 },
  { &format_ja_jp, "JPY", "5000.5", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_ja_jp, "JPY", "5000.0", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_ja_jp, "JPY", "$5000", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_ja_jp, "JPY", "9,223,372,036,854,775,807", OK, G_MAXINT64 },
  { &format_ja_jp, "JPY", "9223372036854775808", RAPPORT_MONEY_ERROR_OVERFLOW, 0 },
  /* de_DE */
  { &format_de_de, "EUR", "50,00 \u20AC", OK, 5000 },
  { &format_de_de, "EUR", "50,00\u00A0\u20AC", OK, 5000 },
  { &format_de_de, "EUR", "1.234,56 \u20AC", OK, 123456 },
  { &format_de_de, "EUR", "1.234,56", OK, 123456 },
  { &format_de_de, "EUR", "1.500", OK, 150000 },
  { &format_de_de, "EUR", "EUR 5", OK, 500 },
  { &format_de_de, "EUR", "50.00", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_de_de, "EUR", "1500.50", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_de_de, "EUR", "50,001", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_de_de, "EUR", "5 $", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  { &format_de_de, "EUR", "-5,00 \u20AC", RAPPORT_MONEY_ERROR_NEGATIVE, 0 },
  { &format_de_de, "JPY", "5.000", OK, 5000 },
  { &format_de_de, "JPY", "5.000,5", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  /* fr_FR: narrow no-break space grouping; any space an agent types works */
  { &format_fr_fr, "EUR", "1\u202F234,56\u00A0\u20AC", OK, 123456 },
  { &format_fr_fr, "EUR", "1 234,56 \u20AC", OK, 123456 },
  { &format_fr_fr, "EUR", "1\u00A0234,56", OK, 123456 },
  { &format_fr_fr, "EUR", "1\u2009234,56", OK, 123456 },
  { &format_fr_fr, "EUR", "1234,56", OK, 123456 },
  { &format_fr_fr, "EUR", "1.234,56", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_fr_fr, "EUR", "12 34,56", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_fr_fr, "EUR", "1 234 ,56", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  /* KWD and BHD: three decimals */
  { &format_en_us, "KWD", "1.500", OK, 1500 },
  { &format_en_us, "KWD", "KWD 1.5", OK, 1500 },
  { &format_en_us, "KWD", "\u062F.\u0643 1.500", OK, 1500 },
  { &format_en_us, "KWD", "1.5000", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_en_us, "BHD", "0.001", OK, 1 },
  { &format_en_us, "BHD", "KWD 1", RAPPORT_MONEY_ERROR_OTHER_CURRENCY, 0 },
  /* CLF: four decimals; CLP and ISK: none */
  { &format_en_us, "CLF", "1.2345", OK, 12345 },
  { &format_en_us, "CLF", "1.23456", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_en_us, "CLP", "$1,000", OK, 1000 },
  { &format_en_us, "CLP", "1.5", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_de_de, "ISK", "1.000 kr", OK, 1000 },
  { &format_de_de, "ISK", "1,5", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  /* en_IN: lakh grouping */
  { &format_en_in, "INR", "\u20B91,23,456.78", OK, 12345678 },
  { &format_en_in, "INR", "1,00,00,000", OK, 1000000000 },
  { &format_en_in, "INR", "123,456.78", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  /* de_CH: apostrophe grouping, typed either way */
  { &format_de_ch, "CHF", "CHF 1\u2019234.50", OK, 123450 },
  { &format_de_ch, "CHF", "1'234.50", OK, 123450 },
  /* Arabic: Arabic-Indic digits and separators are accepted; ASCII digits too */
  { &format_ar_eg, "EGP", "\u0661\u066C\u0662\u0663\u0664\u066B\u0665\u0666", OK, 123456 },
  { &format_ar_eg, "EGP", "1\u066C234\u066B56", OK, 123456 },
  { &format_ar_eg, "EGP", "\u0661\u0660 \u062C.\u0645", OK, 1000 },
  { &format_ar_eg, "EGP", "\u200F\u0661\u0660\u200F EGP", OK, 1000 },
  { &format_ar_eg, "EGP", "\u06F1\u06F0", OK, 1000 },
  { &format_ar_eg, "EGP", "\u0661\u0662\u0663\u066B\u0664\u0665\u0666",
    RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0 },
  { &format_ar_eg, "EGP", "1,234.56", RAPPORT_MONEY_ERROR_SEPARATOR, 0 },
  { &format_ar_eg, "EGP", "\u0661\u06F1", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0 },
  { &format_ar_eg, "EGP", "\u0660", RAPPORT_MONEY_ERROR_ZERO, 0 },
  /* the account's currency must be known */
  { &format_en_us, "XXX", "50", RAPPORT_MONEY_ERROR_UNKNOWN_CURRENCY, 0 },
  { &format_en_us, "usd", "50", RAPPORT_MONEY_ERROR_UNKNOWN_CURRENCY, 0 },
};

static void
test_parse (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(GError) error = NULL;
      RapportMoney money = { 42, "ZZZ" };
      gboolean ok;

      g_test_message ("case %" G_GSIZE_FORMAT ": “%s” in %s", i, c->text, c->currency);
      ok = rapport_money_parse (&money, c->text, c->currency, c->format, &error);
      if (c->error == OK)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (money.minor, ==, c->minor);
          g_assert_cmpstr (money.currency, ==, c->currency);
        }
      else
        {
          g_assert_error (error, RAPPORT_MONEY_ERROR, c->error);
          g_assert_false (ok);
          g_assert_nonnull (error->message);
          g_assert_cmpstr (error->message, !=, "");
          /* untouched on failure */
          g_assert_cmpint (money.minor, ==, 42);
          g_assert_cmpstr (money.currency, ==, "ZZZ");
        }
    }
}

static void
test_error_messages (void)
{
  g_autoptr(GError) error = NULL;
  RapportMoney money;

  g_assert_false (rapport_money_parse (&money, "5000.5", "JPY", &format_ja_jp, &error));
  g_assert_cmpstr (error->message, ==, "Too many decimals for JPY: it has no decimals");
  g_clear_error (&error);

  g_assert_false (rapport_money_parse (&money, "1.0005", "KWD", &format_en_us, &error));
  g_assert_cmpstr (error->message, ==, "Too many decimals for KWD: at most 3");
  g_clear_error (&error);

  g_assert_false (rapport_money_parse (&money, "50 \u20AC", "USD", &format_en_us, &error));
  g_assert_cmpstr (error->message, ==, "“€” is another currency: amounts are in USD here");
  g_clear_error (&error);

  g_assert_false (rapport_money_parse (&money, "50.00", "EUR", &format_fr_fr, &error));
  g_assert_cmpstr (error->message, ==,
                   "Unexpected “.” in the amount: the decimal separator is “,” and the digit "
                   "grouping is a narrow no-break space");
  g_clear_error (&error);

  g_assert_false (rapport_money_parse (&money, "1,000", "USD", &format_c, &error));
  g_assert_cmpstr (error->message, ==,
                   "Unexpected “,” in the amount: the decimal separator is “.” and the digit "
                   "grouping is none");
  g_clear_error (&error);

  g_assert_false (rapport_money_parse (&money, "-1", "USD", &format_en_us, &error));
  g_assert_cmpstr (error->message, ==, "The amount cannot be negative");
  g_clear_error (&error);

  g_assert_false (rapport_money_parse (&money, "0", "USD", &format_en_us, &error));
  g_assert_cmpstr (error->message, ==, "The amount cannot be zero");
  g_clear_error (&error);

  g_assert_false (rapport_money_parse (&money, "lots", "USD", &format_en_us, &error));
  g_assert_cmpstr (error->message, ==, "“lots” is not an amount");
}

typedef struct
{
  const RapportMoneyFormat *format;
  const char               *currency;
  gint64                    minor;
  const char               *expected;
} FormatCase;

static const FormatCase format_cases[] = {
  { &format_en_us, "USD", 5000, "$50.00" },
  { &format_en_us, "USD", 1, "$0.01" },
  { &format_en_us, "USD", 0, "$0.00" },
  { &format_en_us, "USD", 100000, "$1,000.00" },
  { &format_en_us, "USD", 99999, "$999.99" },
  { &format_en_us, "USD", 123456789, "$1,234,567.89" },
  { &format_en_us, "USD", -2500, "-$25.00" },
  { &format_en_us, "USD", G_MAXINT64, "$92,233,720,368,547,758.07" },
  { &format_en_us, "USD", G_MININT64, "-$92,233,720,368,547,758.08" },
  { &format_c, "USD", 100000, "$1000.00" },
  { &format_de_de, "EUR", 5000, "50,00\u00A0\u20AC" },
  { &format_de_de, "EUR", 123456, "1.234,56\u00A0\u20AC" },
  { &format_de_de, "EUR", -5, "-0,05\u00A0\u20AC" },
  { &format_fr_fr, "EUR", 123456, "1\u202F234,56\u00A0\u20AC" },
  { &format_ja_jp, "JPY", 5000, "\u00A55,000" },
  { &format_ja_jp, "JPY", 500, "\u00A5500" },
  { &format_ja_jp, "JPY", G_MAXINT64, "\u00A59,223,372,036,854,775,807" },
  { &format_ja_jp, "KRW", 5000, "\u20A95,000" },
  { &format_en_us, "KWD", 1500, "KWD\u00A01.500" },
  { &format_de_de, "KWD", 1500, "1,500\u00A0KWD" },
  { &format_en_us, "BHD", 1, "BHD\u00A00.001" },
  { &format_en_us, "CLF", 12345, "CLF\u00A01.2345" },
  { &format_en_us, "CLP", 1000, "CLP\u00A01,000" },
  { &format_de_de, "ISK", 1000, "1.000\u00A0ISK" },
  { &format_en_in, "INR", 12345678, "\u20B91,23,456.78" },
  { &format_en_in, "INR", 1000000000, "\u20B91,00,00,000.00" },
  { &format_de_ch, "CHF", 123450, "CHF\u00A01\u2019234.50" },
  { &format_ar_eg, "EGP", 123456, "1\u066C234\u066B56\u00A0EGP" },
  { &format_ar_eg, "AED", 5000, "50\u066B00\u00A0AED" },
};

static gboolean
has_bidi_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
          (c >= 0x2066 && c <= 0x2069))
        return TRUE;
    }
  return FALSE;
}

static void
test_format (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      const FormatCase *c = &format_cases[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      RapportMoney money;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->expected);
      g_assert_true (rapport_money_init (&money, c->minor, c->currency, &error));
      g_assert_no_error (error);
      text = rapport_money_format (&money, c->format);
      g_assert_cmpstr (text, ==, c->expected);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      g_assert_false (has_bidi_control (text));
    }
}

/* What is formatted parses back to the same amount, in every format. */
static void
test_round_trip (void)
{
  static const RapportMoneyFormat *formats[] = {
    &format_c, &format_en_us, &format_de_de, &format_fr_fr, &format_ja_jp, &format_en_in,
    &format_de_ch, &format_ar_eg,
  };
  static const char *codes[] = { "USD", "EUR", "JPY", "KWD", "CLF", "INR", "AED", "CAD" };
  static const gint64 values[] = {
    1, 9, 10, 99, 100, 999, 1000, 12345, 999999, 1000000, 123456789, 100000000000,
    G_MAXINT64 - 1, G_MAXINT64,
  };

  for (gsize f = 0; f < G_N_ELEMENTS (formats); f++)
    for (gsize c = 0; c < G_N_ELEMENTS (codes); c++)
      for (gsize v = 0; v < G_N_ELEMENTS (values); v++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *text = NULL;
          RapportMoney money;
          RapportMoney parsed;

          g_assert_true (rapport_money_init (&money, values[v], codes[c], NULL));
          text = rapport_money_format (&money, formats[f]);
          g_assert_true (rapport_money_parse (&parsed, text, codes[c], formats[f], &error));
          g_assert_no_error (error);
          g_assert_cmpint (parsed.minor, ==, money.minor);
          g_assert_cmpstr (parsed.currency, ==, money.currency);
        }
}

static void
test_exponents (void)
{
  static const struct { const char *code; int exponent; } table[] = {
    { "JPY", 0 }, { "KRW", 0 }, { "CLP", 0 }, { "ISK", 0 }, { "VND", 0 }, { "UGX", 0 },
    { "USD", 2 }, { "EUR", 2 }, { "GBP", 2 }, { "CHF", 2 }, { "INR", 2 }, { "CNY", 2 },
    { "KWD", 3 }, { "BHD", 3 }, { "OMR", 3 }, { "JOD", 3 }, { "TND", 3 }, { "IQD", 3 },
    { "CLF", 4 }, { "UYW", 4 },
    { "XXX", -1 }, { "usd", -1 }, { "", -1 }, { "USDX", -1 }, { NULL, -1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_cmpint (rapport_currency_get_exponent (table[i].code), ==, table[i].exponent);
      g_assert_cmpint (rapport_currency_is_known (table[i].code), ==, table[i].exponent >= 0);
    }
}

static void
test_init (void)
{
  g_autoptr(GError) error = NULL;
  RapportMoney money = { 7, "ZZZ" };

  g_assert_true (rapport_money_init (&money, -5, "KWD", &error));
  g_assert_no_error (error);
  g_assert_cmpint (money.minor, ==, -5);
  g_assert_cmpstr (money.currency, ==, "KWD");
  g_assert_cmpint (rapport_money_get_exponent (&money), ==, 3);

  g_assert_false (rapport_money_init (&money, 1, "ABC", &error));
  g_assert_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_UNKNOWN_CURRENCY);
  g_assert_cmpint (money.minor, ==, -5);
}

static RapportMoney
usd (gint64 minor)
{
  RapportMoney money;

  g_assert_true (rapport_money_init (&money, minor, "USD", NULL));
  return money;
}

static void
test_arithmetic (void)
{
  g_autoptr(GError) error = NULL;
  RapportMoney a = usd (4000);
  RapportMoney b = usd (5000);
  RapportMoney max = usd (G_MAXINT64);
  RapportMoney min = usd (G_MININT64);
  RapportMoney one = usd (1);
  RapportMoney zero = usd (0);
  RapportMoney euro;
  RapportMoney out = usd (42);
  int order = 7;

  g_assert_true (rapport_money_init (&euro, 1, "EUR", NULL));

  g_assert_true (rapport_money_add (&a, &b, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out.minor, ==, 9000);
  g_assert_cmpstr (out.currency, ==, "USD");

  g_assert_true (rapport_money_subtract (&a, &b, &out, &error));
  g_assert_cmpint (out.minor, ==, -1000);

  g_assert_true (rapport_money_add (&max, &zero, &out, &error));
  g_assert_cmpint (out.minor, ==, G_MAXINT64);

  out = usd (42);
  g_assert_false (rapport_money_add (&max, &one, &out, &error));
  g_assert_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_OVERFLOW);
  g_assert_cmpint (out.minor, ==, 42);
  g_clear_error (&error);

  g_assert_false (rapport_money_subtract (&min, &one, &out, &error));
  g_assert_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (rapport_money_subtract (&one, &min, &out, &error));
  g_assert_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_true (rapport_money_subtract (&min, &min, &out, &error));
  g_assert_cmpint (out.minor, ==, 0);

  g_assert_false (rapport_money_add (&a, &euro, &out, &error));
  g_assert_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_MIXED_CURRENCIES);
  g_assert_cmpint (out.minor, ==, 0);
  g_clear_error (&error);

  g_assert_false (rapport_money_subtract (&euro, &a, &out, &error));
  g_assert_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_MIXED_CURRENCIES);
  g_clear_error (&error);

  g_assert_true (rapport_money_compare (&a, &b, &order, &error));
  g_assert_cmpint (order, ==, -1);
  g_assert_true (rapport_money_compare (&b, &a, &order, &error));
  g_assert_cmpint (order, ==, 1);
  g_assert_true (rapport_money_compare (&a, &a, &order, &error));
  g_assert_cmpint (order, ==, 0);
  g_assert_true (rapport_money_compare (&min, &max, &order, &error));
  g_assert_cmpint (order, ==, -1);

  order = 7;
  g_assert_false (rapport_money_compare (&a, &euro, &order, &error));
  g_assert_error (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_MIXED_CURRENCIES);
  g_assert_cmpint (order, ==, 7);
}

static void
test_wire (void)
{
  static const struct
  {
    const char *currency;
    const char *text;
    int         error;
    gint64      minor;
    const char *canonical; /* rapport_money_to_wire() of the result */
  } cases[] = {
    { "USD", "50", OK, 5000, "50.00" },
    { "USD", "50.5", OK, 5050, "50.50" },
    { "USD", "50.00", OK, 5000, "50.00" },
    { "USD", "0", OK, 0, "0.00" },
    { "USD", "0.01", OK, 1, "0.01" },
    { "USD", "92233720368547758.07", OK, G_MAXINT64, "92233720368547758.07" },
    { "JPY", "5000", OK, 5000, "5000" },
    { "KWD", "1.5", OK, 1500, "1.500" },
    { "CLF", "0.0001", OK, 1, "0.0001" },
    { "USD", "", RAPPORT_MONEY_ERROR_EMPTY, 0, NULL },
    { "USD", "-1", RAPPORT_MONEY_ERROR_NEGATIVE, 0, NULL },
    { "USD", "50.001", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0, NULL },
    { "JPY", "5000.0", RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS, 0, NULL },
    { "USD", "92233720368547758.08", RAPPORT_MONEY_ERROR_OVERFLOW, 0, NULL },
    { "USD", "50.", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "USD", ".5", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "USD", " 5", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "USD", "+5", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "USD", "1,000", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "USD", "1.2.3", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "USD", "$5", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "USD", "\uFF15", RAPPORT_MONEY_ERROR_NOT_A_NUMBER, 0, NULL },
    { "ABC", "5", RAPPORT_MONEY_ERROR_UNKNOWN_CURRENCY, 0, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      RapportMoney money = { 42, "ZZZ" };
      gboolean ok;

      g_test_message ("case %" G_GSIZE_FORMAT ": “%s”", i, cases[i].text);
      ok = rapport_money_parse_wire (&money, cases[i].text, cases[i].currency, &error);
      if (cases[i].error == OK)
        {
          g_autofree char *wire = NULL;

          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (money.minor, ==, cases[i].minor);
          wire = rapport_money_to_wire (&money);
          g_assert_cmpstr (wire, ==, cases[i].canonical);
        }
      else
        {
          g_assert_error (error, RAPPORT_MONEY_ERROR, cases[i].error);
          g_assert_false (ok);
          g_assert_cmpint (money.minor, ==, 42);
        }
    }

  {
    RapportMoney negative = usd (-1);
    RapportMoney min = usd (G_MININT64);
    g_autofree char *negative_wire = rapport_money_to_wire (&negative);
    g_autofree char *min_wire = rapport_money_to_wire (&min);

    g_assert_cmpstr (negative_wire, ==, "-0.01");
    g_assert_cmpstr (min_wire, ==, "-92233720368547758.08");
  }
}

/* No locale but C is installed here; others are covered by the hand-written formats. */
static void
test_format_from_locale (void)
{
  RapportMoneyFormat format;
  RapportMoney money = usd (123456);
  g_autofree char *text = NULL;

  g_assert_nonnull (setlocale (LC_ALL, "C"));
  memset (&format, 0xAA, sizeof format);
  rapport_money_format_init_from_locale (&format);
  g_assert_cmpuint (format.decimal, ==, '.');
  g_assert_cmpuint (format.grouping, ==, 0);
  g_assert_cmpuint (format.group_first, ==, 0);
  g_assert_cmpuint (format.group_rest, ==, 0);
  g_assert_cmpint (format.position, ==, RAPPORT_MONEY_SYMBOL_BEFORE);
  text = rapport_money_format (&money, &format);
  g_assert_cmpstr (text, ==, "$1234.56");

  if (setlocale (LC_ALL, "C.UTF-8") != NULL)
    {
      rapport_money_format_init_from_locale (&format);
      g_assert_cmpuint (format.decimal, ==, '.');
    }
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/money/parse", test_parse);
  g_test_add_func ("/rapport/money/error-messages", test_error_messages);
  g_test_add_func ("/rapport/money/format", test_format);
  g_test_add_func ("/rapport/money/round-trip", test_round_trip);
  g_test_add_func ("/rapport/money/exponents", test_exponents);
  g_test_add_func ("/rapport/money/init", test_init);
  g_test_add_func ("/rapport/money/arithmetic", test_arithmetic);
  g_test_add_func ("/rapport/money/wire", test_wire);
  g_test_add_func ("/rapport/money/format-from-locale", test_format_from_locale);

  return g_test_run ();
}
