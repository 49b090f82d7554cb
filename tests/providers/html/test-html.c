/* test-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-html"

#include "config.h"

#include "rapport-html.h"

#include <string.h>

static void
assert_text (const char *html,
             const char *expected)
{
  g_autofree char *text = rapport_html_to_text (html, -1);

  g_assert_cmpstr (text, ==, expected);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
test_empty (void)
{
  g_autofree char *from_null = rapport_html_to_text (NULL, -1);
  g_autofree char *zero_length = rapport_html_to_text ("<p>ignored</p>", 0);

  g_assert_cmpstr (from_null, ==, "");
  g_assert_cmpstr (zero_length, ==, "");
  assert_text ("", "");
  assert_text ("   \n\t ", "");
  assert_text ("<html><head></head><body></body></html>", "");
  assert_text ("<!-- only a comment -->", "");
  assert_text ("<br><br><p></p>", "");
}

static void
test_paragraphs (void)
{
  /* The HTML reply of tests/data/rt/ticket-attachments.json. */
  assert_text ("<p>Hi Chloé,</p><p>I have <strong>cancelled</strong> your subscription; it stays "
               "active until the end of the month.</p><p>Best regards,<br>Sam Rivera</p>",
               "Hi Chloé,\n\nI have cancelled your subscription; it stays active until the end "
               "of the month.\n\nBest regards,\nSam Rivera");
  assert_text ("<div>one</div><div>two</div>", "one\ntwo");
  assert_text ("<h1>Title</h1>text", "Title\n\ntext");
  assert_text ("a<br>b<br><br>c<br><br><br><br>d", "a\nb\n\nc\n\nd");
  assert_text ("<p>x</p><hr><p>y</p>", "x\n\ny");
  assert_text ("<div><div><div>deep</div></div></div>after", "deep\nafter");
}

static void
test_whitespace (void)
{
  assert_text ("  a \n\t b&nbsp;&nbsp;c  ", "a b c");
  assert_text ("<p>  lead and trail  </p>", "lead and trail");
  assert_text ("word<span> </span>word", "word word");
  assert_text ("<b>bold</b><i>italic</i>", "bolditalic");
  assert_text ("<p>line   </p><p>   next</p>", "line\n\nnext");
  assert_text ("<pre>  code\n    indented\n</pre>after", "  code\n    indented\n\nafter");
  assert_text ("a\x01" "b\x7f" "c", "abc");
}

static void
test_entities (void)
{
  assert_text ("&lt;tag&gt; &amp; &eacute; &#8364; &#x263A; &quot;q&quot;",
               "<tag> & é € ☺ \"q\"");
  assert_text ("caf&eacute;&nbsp;cr&egrave;me", "café crème");
  assert_text ("&bogus; &amp", "&bogus; &amp");
}

static void
test_lists (void)
{
  assert_text ("<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul><p>after</p>",
               "• one\n• two\n  • inner\n\nafter");
  assert_text ("<p>Steps:</p><ol><li> first </li><li>second</li></ol>",
               "Steps:\n\n• first\n• second");
  assert_text ("<ul><li>unclosed<li>items<li>three</ul>", "• unclosed\n• items\n• three");
}

static void
test_links (void)
{
  assert_text ("<a href=\"https://x.example/a\">https://x.example/a</a>", "https://x.example/a");
  assert_text ("see <a href=\"https://x.example/a/\">https://x.example/a</a>.",
               "see https://x.example/a.");
  assert_text ("<a href=\"https://pay.example/now\">Pay now</a> please",
               "Pay now <https://pay.example/now> please");
  assert_text ("<a href=\"mailto:help@rt.example\">help@rt.example</a>", "help@rt.example");
  assert_text ("<a href=\"mailto:help@rt.example\">Write to us</a>",
               "Write to us <mailto:help@rt.example>");
  assert_text ("<a href=\"javascript:alert(1)\">click</a>", "click");
  assert_text ("<a href=\"#top\">top</a>", "top");
  assert_text ("<a href=\"https://t.example/\"><img src=\"x.png\"></a>", "<https://t.example/>");
  assert_text ("<a>no target</a>", "no target");
}

static void
test_dropped (void)
{
  assert_text ("<html><head><title>T</title><style>p { color: red }</style>"
               "<script>var a = '<p>no</p>';</script></head>"
               "<body><script>alert('x')</script><p>visible</p><noscript>ns</noscript>"
               "<template><p>tpl</p></template><svg><text>svg</text></svg></body></html>",
               "visible");
  assert_text ("<p>before<script>document.write('x')</p>", "before");
  assert_text ("<p>Logo: <img alt=\"ACME\" src=\"x.png\"> <img src=\"pixel.gif\"></p>",
               "Logo: [ACME]");
}

static void
test_unclosed (void)
{
  assert_text ("<div><p>one<p>two<b>bold<i>both", "one\n\ntwoboldboth");
  assert_text ("<p>open <b>never closed", "open never closed");
  assert_text ("</p></div>stray closers</b>", "stray closers");
  assert_text ("<p>attr <a href=\"https://x.example", "attr <https://x.example>");
  assert_text ("text <", "text <");
}

static void
test_tables (void)
{
  assert_text ("<table><tr><th>Item</th><th>Price</th></tr>"
               "<tr><td>Plan</td><td>19.00</td></tr></table>",
               "Item Price\nPlan 19.00");
  assert_text ("<table><tr><td>a</td><td><table><tr><td>b</td><td>c</td></tr>"
               "<tr><td>d</td></tr></table></td></tr><tr><td>e</td></tr></table>",
               "a\n\nb c\nd\n\ne");
  assert_text ("<table><tr><td><table><tr><td><table><tr><td>x</td></tr></table></td></tr>"
               "</table></td><td>y</td></tr></table>",
               "x\n\ny");
}

static void
test_blockquote (void)
{
  assert_text ("<p>Thanks</p><blockquote><p>original line</p><p>second</p></blockquote><p>end</p>",
               "Thanks\n\n> original line\n\n> second\n\nend");
  assert_text ("<blockquote>outer<blockquote>inner</blockquote></blockquote>",
               "> outer\n\n> > inner");
}

static void
test_invalid_utf8 (void)
{
  static const char input[] = "caf\xe9 <b>ok</b>\xff\xfe end";
  g_autofree char *text = rapport_html_to_text (input, -1);
  static const char with_nul[] = { 'a', '\0', 'b', '<', 'b', 'r', '>', 'c' };
  g_autofree char *nul_text = rapport_html_to_text (with_nul, sizeof with_nul);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_cmpstr (text, ==, "caf\xef\xbf\xbd ok\xef\xbf\xbd\xef\xbf\xbd end");

  g_assert_true (g_utf8_validate (nul_text, -1, NULL));
  g_assert_cmpstr (nul_text, ==, "a\xef\xbf\xbd" "b\nc");
}

static void
test_meta_charset (void)
{
  /* The input is UTF-8 whatever the document claims. */
  assert_text ("<meta charset=\"iso-8859-1\"><p>Chloé Ågård</p>", "Chloé Ågård");
  assert_text ("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
               "<p>€</p>", "€");
}

static void
test_large (void)
{
  g_autoptr(GString) html = g_string_new ("<html><body>");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint paragraphs = 0;
  gint64 start;

  while (html->len < 1024 * 1024)
    {
      g_string_append_printf (html, "<p>line %u with <b>bold</b> &amp; "
                              "<a href=\"https://e.example/%u\">a link</a></p>\n",
                              paragraphs, paragraphs);
      paragraphs++;
    }
  g_string_append (html, "</body></html>");

  start = g_get_monotonic_time ();
  text = rapport_html_to_text (html->str, (gssize) html->len);
  g_test_message ("1 MB of HTML (%u paragraphs) in %.0f ms", paragraphs,
                  (g_get_monotonic_time () - start) / 1000.0);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  lines = g_strsplit (text, "\n", -1);
  /* Each paragraph is one line, with a blank line between two. */
  g_assert_cmpuint (g_strv_length (lines), ==, paragraphs * 2 - 1);
  g_assert_cmpstr (lines[0], ==, "line 0 with bold & a link <https://e.example/0>");
  {
    g_autofree char *last = g_strdup_printf ("line %u with bold & a link <https://e.example/%u>",
                                             paragraphs - 1, paragraphs - 1);
    g_assert_cmpstr (lines[(paragraphs - 1) * 2], ==, last);
  }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (html, "<div><span>");
  g_string_append (html, "deep");

  text = rapport_html_to_text (html->str, (gssize) html->len);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (strchr (text, '<'));
}

static void
test_binary_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);

  for (guint round = 0; round < 200; round++)
    {
      gsize len = (gsize) g_rand_int_range (rand, 1, 4096);
      g_autofree char *data = g_malloc (len);
      g_autofree char *text = NULL;

      for (gsize i = 0; i < len; i++)
        {
          static const char alphabet[] = "<>/=\"'&;# abcpdivlihrefa\n\t\xc3\xa9\xff\x80";
          if (g_rand_boolean (rand))
            data[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
          else
            data[i] = (char) g_rand_int_range (rand, 0, 256);
        }

      text = rapport_html_to_text (data, (gssize) len);
      g_assert_nonnull (text);
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/html/empty", test_empty);
  g_test_add_func ("/rapport/html/paragraphs", test_paragraphs);
  g_test_add_func ("/rapport/html/whitespace", test_whitespace);
  g_test_add_func ("/rapport/html/entities", test_entities);
  g_test_add_func ("/rapport/html/lists", test_lists);
  g_test_add_func ("/rapport/html/links", test_links);
  g_test_add_func ("/rapport/html/dropped", test_dropped);
  g_test_add_func ("/rapport/html/unclosed", test_unclosed);
  g_test_add_func ("/rapport/html/tables", test_tables);
  g_test_add_func ("/rapport/html/blockquote", test_blockquote);
  g_test_add_func ("/rapport/html/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/rapport/html/meta-charset", test_meta_charset);
  g_test_add_func ("/rapport/html/large", test_large);
  g_test_add_func ("/rapport/html/deep-nesting", test_deep_nesting);
  g_test_add_func ("/rapport/html/binary-garbage", test_binary_garbage);

  return g_test_run ();
}
