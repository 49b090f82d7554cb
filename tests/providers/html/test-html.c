/* test-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-html"

#include "config.h"

#include "rapport-html.h"

#include "rapport-text.h"
#include "rapport-types.h"

#include <string.h>

/* What every converted text must be: storable, and free of control characters but the line
 * feeds and tabs it asks for, and of the bidi controls that reorder what follows them. */
static void
assert_clean (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (rapport_text_is_storable (text, -1));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\t')
        continue;
      g_assert_false (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0));
      g_assert_false (c == 0x2028 || c == 0x2029);
      g_assert_false (rapport_unichar_is_bidi_control (c) && c != 0x200E && c != 0x200F &&
                      c != 0x061C);
    }
}

/* @html converted, checked with assert_clean(). */
static char *
convert_clean (const GString *html)
{
  char *text = rapport_html_to_text (html->str, (gssize) html->len);

  assert_clean (text);
  return text;
}

static void
append_times (GString    *html,
              const char *unit,
              guint       times)
{
  for (guint i = 0; i < times; i++)
    g_string_append (html, unit);
}

static void
assert_text (const char *html,
             const char *expected)
{
  g_autofree char *text = rapport_html_to_text (html, -1);

  g_assert_cmpstr (text, ==, expected);
  assert_clean (text);
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

  append_times (html, "<div><span>", 100000);
  g_string_append (html, "deep");

  text = convert_clean (html);
  g_assert_cmpstr (text, ==, "deep");
}

/* Quotes nested 250 deep around many lines: the prefix stays short, so the text grows with the
 * input, not with the input times the depth. */
static void
test_quote_amplification (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  append_times (html, "<blockquote>", 250);
  append_times (html, "quoted line<br>", 20000);
  append_times (html, "</blockquote>", 250);
  g_string_append (html, "<p>reply</p>");

  text = convert_clean (html);
  g_assert_cmpuint (strlen (text), <, 2 * html->len);

  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 20000 + 2);
  for (guint i = 0; i < 20000; i++)
    g_assert_cmpstr (lines[i], ==, "> [250] quoted line");
  g_assert_cmpstr (lines[20000], ==, "");
  g_assert_cmpstr (lines[20001], ==, "reply");
}

static void
test_quote_prefix (void)
{
  g_autoptr(GString) html = g_string_new (NULL);

  for (guint i = 1; i <= 10; i++)
    g_string_append_printf (html, "<blockquote>%u", i);

  assert_text (html->str,
               "> 1\n\n> > 2\n\n> > > 3\n\n> > > > 4\n\n> > > > > 5\n\n> > > > > > 6\n\n"
               "> > > > > > > 7\n\n> > > > > > > > 8\n\n> [9] 9\n\n> [10] 10");
}

/* Nesting deeper than the parser's stack: every level's text is kept, in order, with its own
 * level up to where the stack was full; after that the text stays at the deepest level. */
static void
check_deep_quotes (guint depth)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *deepest = NULL;
  const char *p;

  for (guint i = 1; i <= depth; i++)
    g_string_append_printf (html, "<blockquote>level %u.", i);
  g_string_append (html, "<script>hidden()</script><!-- hidden --><p>deepest</p>");
  append_times (html, "</blockquote>", depth);
  g_string_append (html, "<p>after</p>");

  text = convert_clean (html);
  g_assert_null (strstr (text, "hidden"));
  g_assert_cmpuint (strlen (text), <, html->len);

  p = text;
  for (guint i = 1; i <= depth; i++)
    {
      g_autofree char *level = g_strdup_printf ("level %u.\n", i);

      p = strstr (p, level);
      g_assert_nonnull (p);
    }

  deepest = g_strdup_printf ("\n> [%u] deepest\n", depth);
  g_assert_nonnull (strstr (p, deepest));
  g_assert_true (g_str_has_suffix (text, " after"));
  g_assert_true (g_str_has_prefix (text, "> level 1.\n\n> > level 2.\n"));
}

static void
test_deep_quotes (void)
{
  check_deep_quotes (300);
  check_deep_quotes (1000);
  check_deep_quotes (10000);
}

/* A dropped element nested too deep for the parser cannot hide the rest of the message. */
static void
test_deep_skipped (void)
{
  g_autoptr(GString) html = g_string_new ("<p>before</p><svg><text>hidden</text>");
  g_autofree char *text = NULL;

  append_times (html, "<g>", 1000);
  append_times (html, "</g>", 1000);
  g_string_append (html, "</svg><p>visible</p>");

  text = convert_clean (html);
  g_assert_cmpstr (text, ==, "before\n\nvisible");
}

static void
test_deep_lists (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (html, "<ul><li>item %u", i);

  text = convert_clean (html);

  /* Indented by two spaces a level, up to the eighth level. */
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10000);
  g_assert_cmpstr (lines[0], ==, "• item 0");
  g_assert_cmpstr (lines[1], ==, "  • item 1");
  g_assert_cmpstr (lines[7], ==, "              • item 7");
  for (guint i = 8; i < 10000; i++)
    {
      g_autofree char *expected = g_strdup_printf ("              • item %u", i);

      g_assert_cmpstr (lines[i], ==, expected);
    }
}

static void
test_deep_tables (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = NULL;
  const char *p;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (html, "<table><tr><td>cell %u.</td><td>", i);
  g_string_append (html, "<p>center</p>");
  append_times (html, "</td></tr></table>", 10000);
  g_string_append (html, "after");

  text = convert_clean (html);
  g_assert_cmpuint (strlen (text), <, html->len);

  p = text;
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *cell = g_strdup_printf ("cell %u.", i);

      p = strstr (p, cell);
      g_assert_nonnull (p);
    }
  g_assert_nonnull (strstr (p, "center"));
  g_assert_true (g_str_has_suffix (text, "after"));
}

/* libxml2 looks for a misplaced end tag among all the open elements: many of them under a
 * deep stack must not lose what follows (and stay linear: the stack a run keeps is bounded). */
static void
test_stray_end_tags (void)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = NULL;

  append_times (html, "<span><div>", 1000);
  append_times (html, "</b>", 50000);
  g_string_append (html, "tail");

  text = convert_clean (html);
  g_assert_cmpstr (text, ==, "tail");
}

static void
test_controls (void)
{
  /* Escaped controls, bidi overrides and isolates are dropped; a carriage return, NEL and the
   * Unicode line and paragraph separators are white space; the bidi marks stay. */
  assert_text ("a&#0;b&#1;c&#x7F;d&#x9F;e&#x202E;f&#x2066;g&#x2069;h&#xD800;i&#x110000;j",
               "abcdefghij");
  assert_text ("a&#13;b&#x85;c&#x2028;d&#x2029;e\r\nf", "a b c d e f");
  /* Form feed and vertical tab are no XML characters: libxml2 drops them. */
  assert_text ("a&#12;b\fc&#11;d\ve\x1b" "f", "abcdef");
  assert_text ("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d&#x200F; 42", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xe2\x80\x8f 42");
  /* In <pre>, each kind of line end is one line break, and the tab stays. */
  assert_text ("<pre>a\rb\r\nc&#13;&#10;d&#x2028;e\tf&#12;g&#x202E;h</pre>",
               "a\nb\nc\nd\ne\tfgh");
  assert_text ("<blockquote><pre>a\nb</pre></blockquote>", "> a\n> b");
}

/* Link targets and alt texts are one line: they cannot start a line of their own, such as a
 * forged quote. */
static void
test_one_line_attributes (void)
{
  assert_text ("<a href=\"https://x.example/&#10;&gt; forged&#13;&#x202E;txt\">Pay</a> now",
               "Pay <https://x.example/ > forged txt> now");
  assert_text ("<a href=\"https://x.example/a\nb\">x</a>", "x <https://x.example/a b>");
  assert_text ("<img alt=\"one&#10;&#10;&gt; two&#x2028;three&#x7f;four&#x202E;five\">",
               "[one > two three fourfive]");
  assert_text ("<img alt=\" &#10; \">", "");
  assert_text ("<a href=\"  https://x.example/  \">https://x.example/</a>", "https://x.example/");
  assert_text ("<p title=\"t&#10;&gt; x\">p</p>", "p");
}

static void
test_huge_attributes (void)
{
  g_autoptr(GString) html = g_string_new ("<a href=\"https://x.example/");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) target = g_string_new ("https://x.example/");
  g_autoptr(GString) alt = g_string_new (NULL);

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (html, 'a');
  g_string_append (html, "\">x</a> <img alt=\"");
  for (guint i = 0; i < 1000000; i++)
    g_string_append (html, "\xc3\xa9");
  g_string_append (html, "\"> end");
  for (guint i = 0; i < 500; i++)
    g_string_append (alt, "\xc3\xa9");

  text = convert_clean (html);

  /* The target is cut after 2 000 characters, the alt text after 500, each ending with "…". */
  while (g_utf8_strlen (target->str, -1) < 2000)
    g_string_append_c (target, 'a');
  g_string_append (target, "…");
  g_string_append (alt, "…");
  expected = g_strdup_printf ("x <%s> [%s] end", target->str, alt->str);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_comments (void)
{
  assert_text ("<!-- hidden -->visible<!-- a -- b -->, <!---->too", "visible, too");
  assert_text ("<p>kept</p><!-- <p>not shown</p> -->", "kept");
  /* An unterminated comment hides the rest, as in a browser. */
  assert_text ("<p>kept</p><!-- open", "kept");
  assert_text ("a<style>p { x: y }</style>b<script type=\"text/plain\">c</script>d", "abd");
}

static void
test_malformed (void)
{
  assert_text ("<div <p>text</p>", "text");
  /* An unterminated value runs to the end: shown, on one line. */
  assert_text ("<a href='https://x.example>y</a>\nafter", "<https://x.example>y</a> after>");
  assert_text ("a<b c=\"1\" d='2' e=3 f>b</b>c", "abc");
  assert_text ("a < b > c", "a < b > c");
  assert_text ("x</ b>y", "x b>y");
  assert_text ("<p>one<p>two</p></p></p>three", "one\n\ntwo\n\nthree");
  assert_text ("<html><body><html><body>a</body></html>b", "ab");
  assert_text ("<ul><li>a</ul></li></ul>b", "• a\n\nb");
  assert_text ("<table><td>cell<tr>row</table>after", "cell\nrow\n\nafter");
}

/* Text longer than the cap ends with a note saying so. */
static void
test_cut (void)
{
  g_autoptr(GString) html = g_string_new ("<p>");
  g_autofree char *text = NULL;
  g_autofree char *note = NULL;
  gsize body_length;

  for (guint i = 0; i < RAPPORT_HTML_MAX_TEXT_CHARS + 100; i++)
    g_string_append (html, "\xc3\xa9");
  g_string_append (html, "</p><p>hidden tail</p>");

  text = convert_clean (html);

  note = g_strdup_printf ("\n\n[message cut at %u characters]", RAPPORT_HTML_MAX_TEXT_CHARS);
  g_assert_true (g_str_has_suffix (text, note));
  g_assert_null (strstr (text, "hidden"));
  body_length = strlen (text) - strlen (note);
  g_assert_cmpuint (g_utf8_strlen (text, (gssize) body_length), ==, RAPPORT_HTML_MAX_TEXT_CHARS);

  /* Just under the cap, nothing is cut. */
  g_string_assign (html, "<p>");
  for (guint i = 0; i < RAPPORT_HTML_MAX_TEXT_CHARS; i++)
    g_string_append_c (html, 'a');
  g_clear_pointer (&text, g_free);
  text = rapport_html_to_text (html->str, (gssize) html->len);
  g_assert_cmpuint (strlen (text), ==, RAPPORT_HTML_MAX_TEXT_CHARS);
}

static void
test_other_charsets (void)
{
  /* UTF-16 with its byte order mark: not UTF-8, so shown as replaced bytes, never NULs. */
  static const char utf16[] = { '\xff', '\xfe', '<', '\0', 'p', '\0', '>', '\0', 'h', '\0',
                                'i', '\0' };
  g_autofree char *from_utf16 = rapport_html_to_text (utf16, sizeof utf16);
  /* Latin-1 and a lone continuation byte. */
  g_autofree char *latin1 = rapport_html_to_text ("<p>Chlo\xe9 \x80</p>", -1);

  assert_clean (from_utf16);
  g_assert_nonnull (strstr (from_utf16, "h\xef\xbf\xbd" "i"));
  assert_clean (latin1);
  g_assert_cmpstr (latin1, ==, "Chlo\xef\xbf\xbd \xef\xbf\xbd");
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
      assert_clean (text);
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
  g_test_add_func ("/rapport/html/quote-amplification", test_quote_amplification);
  g_test_add_func ("/rapport/html/quote-prefix", test_quote_prefix);
  g_test_add_func ("/rapport/html/deep-quotes", test_deep_quotes);
  g_test_add_func ("/rapport/html/deep-skipped", test_deep_skipped);
  g_test_add_func ("/rapport/html/deep-lists", test_deep_lists);
  g_test_add_func ("/rapport/html/deep-tables", test_deep_tables);
  g_test_add_func ("/rapport/html/stray-end-tags", test_stray_end_tags);
  g_test_add_func ("/rapport/html/controls", test_controls);
  g_test_add_func ("/rapport/html/one-line-attributes", test_one_line_attributes);
  g_test_add_func ("/rapport/html/huge-attributes", test_huge_attributes);
  g_test_add_func ("/rapport/html/comments", test_comments);
  g_test_add_func ("/rapport/html/malformed", test_malformed);
  g_test_add_func ("/rapport/html/cut", test_cut);
  g_test_add_func ("/rapport/html/other-charsets", test_other_charsets);

  return g_test_run ();
}
