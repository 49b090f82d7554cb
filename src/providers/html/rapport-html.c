/* rapport-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-html"

#include "config.h"

#include "rapport-html.h"

#include "rapport-text.h"
#include "rapport-types.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <string.h>

/* Open elements one parser run keeps at most. libxml2 looks through its stack of open
 * elements for every misplaced end tag, so a deeper stack would make the time grow with the
 * square of the input; 256 is also the depth libxml2's own tree builder accepts. */
#define MAX_PARSER_DEPTH      256
/* Quoting levels written as "> " each; deeper lines say their level once. */
#define MAX_QUOTE_PREFIX      8
/* List levels indented; deeper items are indented as this level's. */
#define MAX_LIST_INDENT       8
#define MAX_LINK_TARGET_CHARS 2000
#define MAX_ALT_CHARS         500

/* How many newlines an element asks for around itself. */
typedef enum
{
  BREAK_NONE,
  BREAK_LINE,      /* starts on a new line */
  BREAK_PARAGRAPH, /* separated by a blank line */
} BreakKind;

/* What leaving an open element undoes or writes. */
typedef enum
{
  FRAME_SKIP  = 1 << 0,
  FRAME_LIST  = 1 << 1,
  FRAME_QUOTE = 1 << 2,
  FRAME_PRE   = 1 << 3,
  FRAME_CELL  = 1 << 4,
  FRAME_LINK  = 1 << 5,
} FrameFlags;

typedef struct
{
  const xmlChar *name;        /* the parser's copy: valid during its own run only */
  FrameFlags     flags;
  BreakKind      leave_break;
  char          *link_target; /* FRAME_LINK: the target to show, or NULL */
  gsize          text_start;  /* FRAME_LINK: where the link's text starts in the output */
} Frame;

typedef struct
{
  GString          *out;
  gsize             n_chars;          /* characters in out */
  gboolean          cut;              /* out reached RAPPORT_HTML_MAX_TEXT_CHARS */
  guint             pending_newlines; /* 0 … 2, written before the next visible character */
  gboolean          pending_space;    /* collapsed whitespace waiting for the next character */
  gboolean          suppress_space;   /* right after a bullet: the item's own spaces are noise */
  gboolean          at_line_start;    /* the quote prefix is still to be written on this line */
  gboolean          after_cr;         /* inside <pre>: the last character was a carriage return */
  guint             skip_depth;
  guint             pre_depth;
  guint             quote_depth;
  guint             list_depth;
  GArray           *frames;           /* (element-type Frame) the elements this run opened and
                                       * did not close yet, outermost first */

  /* The current parser run. */
  htmlParserCtxtPtr ctxt;
  gboolean          stopped;          /* the run was stopped: ignore what it still reports */
  gsize             run_start;        /* where this run started in the input */
  gsize             run_prefix_length; /* bytes the run read before the input */
  gsize             restart_at;       /* 0, or where the next run starts in the input */
} Writer;

/* What a parser run reads: @prefix, then @data from @offset. */
typedef struct
{
  const char *prefix;
  gsize       prefix_length;
  const char *data;
  gsize       length;
  gsize       offset;
} Reader;

/* A run that goes on in the middle of a document starts inside its body: text there is
 * not wrapped in an implied paragraph, as it would be at the start of a document. */
static const char continuation_prefix[] = "<body>";

static const char * const skipped_elements[] = {
  "script", "style", "head", "title", "template", "svg", "math", "object", "iframe",
  "noscript", "select", "audio", "video", "canvas", "embed",
};

static const char * const paragraph_elements[] = {
  "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
  "hr", "address", "figure", "fieldset", "form",
};

static const char * const line_elements[] = {
  "div", "section", "article", "header", "footer", "nav", "aside", "main", "li", "tr", "dt",
  "dd", "figcaption", "caption", "center", "details", "summary", "legend", "option",
};

static gboolean
name_in (const char         *name,
         const char * const *names,
         gsize               n_names)
{
  for (gsize i = 0; i < n_names; i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static BreakKind
break_kind_of (const char *name)
{
  if (name_in (name, paragraph_elements, G_N_ELEMENTS (paragraph_elements)))
    return BREAK_PARAGRAPH;
  if (name_in (name, line_elements, G_N_ELEMENTS (line_elements)))
    return BREAK_LINE;
  return BREAK_NONE;
}

/* Stops the current parser run: at the cap, or to start a fresh one. */
static void
writer_stop_run (Writer *w)
{
  if (!w->stopped)
    {
      w->stopped = TRUE;
      xmlStopParser (w->ctxt);
    }
}

/* Appends the @length bytes at @p: one character. Past the cap, nothing more is written. */
static void
writer_put_char (Writer     *w,
                 const char *p,
                 gsize       length)
{
  if (w->cut)
    return;

  if (w->n_chars >= RAPPORT_HTML_MAX_TEXT_CHARS)
    {
      w->cut = TRUE;
      writer_stop_run (w);
      return;
    }

  g_string_append_len (w->out, p, length);
  w->n_chars++;
}

static void
writer_put (Writer     *w,
            const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    writer_put_char (w, p, g_utf8_next_char (p) - p);
}

static void
writer_break (Writer *w,
              guint   newlines)
{
  w->pending_newlines = MAX (w->pending_newlines, newlines);
  w->pending_space = FALSE;
}

static void
writer_line_break (Writer *w)
{
  w->pending_newlines = MIN (w->pending_newlines + 1, 2);
  w->pending_space = FALSE;
}

static void
trim_trailing_spaces (Writer *w)
{
  while (w->out->len > 0 && w->out->str[w->out->len - 1] == ' ')
    {
      g_string_truncate (w->out, w->out->len - 1);
      w->n_chars--;
    }
}

static void
write_quote_prefix (Writer *w)
{
  if (w->quote_depth <= MAX_QUOTE_PREFIX)
    {
      for (guint i = 0; i < w->quote_depth; i++)
        writer_put (w, "> ");
    }
  else
    {
      char prefix[32];

      g_snprintf (prefix, sizeof prefix, "> [%u] ", w->quote_depth);
      writer_put (w, prefix);
    }
}

/* Writes what is pending before a visible character: newlines, the quote prefix of a new
 * line, or one collapsed space. */
static void
writer_flush (Writer *w)
{
  if (w->out->len == 0)
    {
      w->pending_newlines = 0;
      w->pending_space = FALSE;
    }

  if (w->pending_newlines > 0)
    {
      trim_trailing_spaces (w);
      for (guint i = 0; i < w->pending_newlines; i++)
        writer_put (w, "\n");
      w->pending_newlines = 0;
      w->pending_space = FALSE;
      w->at_line_start = TRUE;
    }

  if (w->at_line_start)
    {
      write_quote_prefix (w);
      w->at_line_start = FALSE;
      w->pending_space = FALSE;
    }
  else if (w->pending_space && !w->suppress_space)
    {
      writer_put (w, " ");
    }

  w->pending_space = FALSE;
}

/* Appends @text (one line, no control characters) as visible content, after what is
 * pending. */
static void
writer_raw (Writer     *w,
            const char *text)
{
  writer_flush (w);
  writer_put (w, text);
  w->suppress_space = FALSE;
}

static gboolean
is_collapsible_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0x00A0 || c == 0x0085 || c == 0x2028 || c == 0x2029;
}

/* Characters never written: controls, and the bidi controls that reorder the text after
 * them (embeddings, overrides, isolates). The marks LRM, RLM and ALM only give a direction to
 * what is around them, as letters do, and stay. */
static gboolean
is_dropped (gunichar c)
{
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
    return TRUE;

  return rapport_unichar_is_bidi_control (c) && c != 0x200E && c != 0x200F && c != 0x061C;
}

static void
writer_text (Writer     *w,
             const char *text,
             gsize       length)
{
  const char *end = text + length;

  for (const char *p = text; p < end && !w->cut; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean after_cr = w->after_cr;

      w->after_cr = FALSE;

      if (w->pre_depth > 0)
        {
          /* CR LF, CR alone, LF alone and the Unicode line breaks each end one line. */
          if (c == '\r' || c == '\n' || c == 0x0085 || c == 0x2028 || c == 0x2029)
            {
              w->after_cr = c == '\r';
              if (!(c == '\n' && after_cr))
                writer_line_break (w);
              continue;
            }
          if (c == '\t' || c == ' ' || c == 0x00A0)
            {
              writer_flush (w);
              writer_put (w, c == '\t' ? "\t" : " ");
              continue;
            }
        }
      else if (is_collapsible_space (c))
        {
          w->pending_space = TRUE;
          continue;
        }

      if (is_dropped (c))
        continue;

      writer_flush (w);
      writer_put_char (w, p, g_utf8_next_char (p) - p);
      w->suppress_space = FALSE;
    }
}

/* The value of attribute @name in @atts (name, value, …, NULL) as one clean line of at most
 * @max_chars characters, or NULL when it is missing or empty. */
static char *
get_attribute (const xmlChar **atts,
               const char     *name,
               gsize           max_chars)
{
  g_autofree char *clean = NULL;

  if (atts == NULL)
    return NULL;

  for (gsize i = 0; atts[i] != NULL; i += 2)
    {
      if (g_ascii_strcasecmp ((const char *) atts[i], name) != 0)
        continue;
      if (atts[i + 1] == NULL)
        return NULL;

      clean = rapport_text_clean_label ((const char *) atts[i + 1]);
      if (clean[0] == '\0')
        return NULL;

      return rapport_text_cut (clean, max_chars);
    }

  return NULL;
}

static gboolean
is_shown_link_target (const char *href)
{
  return g_ascii_strncasecmp (href, "http://", 7) == 0 ||
         g_ascii_strncasecmp (href, "https://", 8) == 0 ||
         g_ascii_strncasecmp (href, "mailto:", 7) == 0;
}

/* Whether a link's visible text (@length bytes at @text) already says where it goes. */
static gboolean
link_text_matches (const char *text,
                   gsize       length,
                   const char *href)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize la, lb;

  /* Case folding changes a character's length by a small factor at most: a text much longer
   * than the target cannot be it, and is not copied for nothing. */
  if (length > 4 * strlen (href) + 16)
    return FALSE;

  if (g_ascii_strncasecmp (href, "mailto:", 7) == 0)
    href += 7;
  if (length >= 7 && g_ascii_strncasecmp (text, "mailto:", 7) == 0)
    {
      text += 7;
      length -= 7;
    }

  a = g_utf8_casefold (text, (gssize) length);
  b = g_utf8_casefold (href, -1);
  la = strlen (a);
  lb = strlen (b);
  while (la > 0 && a[la - 1] == '/')
    a[--la] = '\0';
  while (lb > 0 && b[lb - 1] == '/')
    b[--lb] = '\0';

  return strcmp (a, b) == 0;
}

/* Sets up @frame for element @name and writes what starts it. */
static void
enter_element (Writer         *w,
               Frame          *frame,
               const char     *name,
               const xmlChar **atts)
{
  if (name_in (name, skipped_elements, G_N_ELEMENTS (skipped_elements)))
    {
      frame->flags = FRAME_SKIP;
      w->skip_depth++;
      return;
    }

  /* Inside a skipped element, nothing shows. */
  if (w->skip_depth > 0)
    return;

  if (strcmp (name, "br") == 0)
    {
      writer_line_break (w);
      return;
    }

  if (strcmp (name, "img") == 0)
    {
      g_autofree char *alt = get_attribute (atts, "alt", MAX_ALT_CHARS);

      if (alt != NULL)
        {
          g_autofree char *label = g_strdup_printf ("[%s]", alt);
          writer_raw (w, label);
        }
      return;
    }

  if (strcmp (name, "ul") == 0 || strcmp (name, "ol") == 0)
    {
      writer_break (w, w->list_depth > 0 ? 1 : 2);
      w->list_depth++;
      frame->flags = FRAME_LIST;
      return;
    }

  if (strcmp (name, "li") == 0)
    {
      char bullet[2 * MAX_LIST_INDENT + sizeof "• "] = "";

      writer_break (w, 1);
      for (guint i = 1; i < MIN (w->list_depth, MAX_LIST_INDENT); i++)
        g_strlcat (bullet, "  ", sizeof bullet);
      g_strlcat (bullet, "• ", sizeof bullet);
      writer_raw (w, bullet);
      w->suppress_space = TRUE;
      frame->leave_break = BREAK_LINE;
      return;
    }

  if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
    {
      w->pending_space = TRUE;
      frame->flags = FRAME_CELL;
      return;
    }

  if (strcmp (name, "a") == 0)
    {
      g_autofree char *href = get_attribute (atts, "href", MAX_LINK_TARGET_CHARS);

      frame->flags = FRAME_LINK;
      frame->text_start = w->out->len;
      if (href != NULL && is_shown_link_target (href))
        frame->link_target = g_steal_pointer (&href);
      return;
    }

  frame->leave_break = break_kind_of (name);
  switch (frame->leave_break)
    {
    case BREAK_PARAGRAPH:
      writer_break (w, 2);
      break;
    case BREAK_LINE:
      writer_break (w, 1);
      break;
    case BREAK_NONE:
    default:
      break;
    }

  if (strcmp (name, "pre") == 0)
    {
      w->pre_depth++;
      frame->flags = FRAME_PRE;
    }
  else if (strcmp (name, "blockquote") == 0)
    {
      w->quote_depth++;
      frame->flags = FRAME_QUOTE;
    }
}

static void
leave_link (Writer *w,
            Frame  *frame)
{
  g_autofree char *target = NULL;
  gsize start = MIN (frame->text_start, w->out->len);
  const char *text = w->out->str + start;
  gsize length = w->out->len - start;

  if (frame->link_target == NULL)
    return;

  /* The link's own text, without the spaces and newlines around it. */
  while (length > 0 && g_ascii_isspace (text[0]))
    {
      text++;
      length--;
    }
  while (length > 0 && g_ascii_isspace (text[length - 1]))
    length--;

  if (length > 0 && link_text_matches (text, length, frame->link_target))
    return;

  target = g_strdup_printf ("<%s>", frame->link_target);
  if (length > 0)
    w->pending_space = TRUE;
  writer_raw (w, target);
}

/* Writes what ends @frame's element and undoes what it started. */
static void
leave_element (Writer *w,
               Frame  *frame)
{
  if (frame->flags & FRAME_SKIP)
    {
      w->skip_depth--;
      return;
    }

  if (frame->flags & FRAME_LINK)
    {
      leave_link (w, frame);
      return;
    }

  if (frame->flags & FRAME_CELL)
    {
      w->pending_space = TRUE;
      return;
    }

  if (frame->flags & FRAME_LIST)
    {
      w->list_depth--;
      writer_break (w, w->list_depth > 0 ? 1 : 2);
      return;
    }

  if (frame->flags & FRAME_PRE)
    w->pre_depth--;

  if (frame->flags & FRAME_QUOTE)
    {
      /* The break is decided while the prefix still applies to the closing line. */
      writer_break (w, 2);
      w->quote_depth--;
      return;
    }

  switch (frame->leave_break)
    {
    case BREAK_PARAGRAPH:
      writer_break (w, 2);
      break;
    case BREAK_LINE:
      writer_break (w, 1);
      break;
    case BREAK_NONE:
    default:
      break;
    }
}

static void
pop_frame (Writer *w)
{
  Frame *frame = &g_array_index (w->frames, Frame, w->frames->len - 1);

  leave_element (w, frame);
  g_array_set_size (w->frames, w->frames->len - 1);
}

/* How many bytes of its input @ctxt has read; the input is UTF-8 and read as such, so these
 * are bytes of the input as given. */
static gsize
parser_position (htmlParserCtxtPtr ctxt)
{
#if LIBXML_VERSION >= 21500
  unsigned long position = 0;

  if (xmlCtxtGetInputPosition (ctxt, 0, NULL, NULL, NULL, &position) < 0)
    return 0;
  return position;
#else
  long position;

  /* Deprecated from 2.14 for xmlCtxtGetInputPosition(), which only 2.15 has. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  position = xmlByteConsumed (ctxt);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return position > 0 ? (gsize) position : 0;
#endif
}

static void
on_start_element (void           *user_data,
                  const xmlChar  *name,
                  const xmlChar **atts)
{
  Writer *w = user_data;
  Frame frame = { name, 0, BREAK_NONE, NULL, 0 };

  if (w->stopped || name == NULL)
    return;

  enter_element (w, &frame, (const char *) name, atts);
  g_array_append_val (w->frames, frame);

  if (!w->stopped && w->frames->len > MAX_PARSER_DEPTH)
    {
      /* Too deep for one run: go on after this start tag with a fresh parser. */
      gsize position = parser_position (w->ctxt);

      w->restart_at = w->run_start + (position > w->run_prefix_length ?
                                      position - w->run_prefix_length : 0);
      writer_stop_run (w);
    }
}

static void
on_end_element (void          *user_data,
                const xmlChar *name)
{
  Writer *w = user_data;
  guint i;

  if (w->stopped || name == NULL)
    return;

  /* The innermost element of this run with that name, and those the parser left open in it
   * (a start tag it could not finish is dropped without an end). The run's depth is bounded,
   * so this look-up is too. */
  for (i = w->frames->len; i > 0; i--)
    if (xmlStrEqual (g_array_index (w->frames, Frame, i - 1).name, name))
      break;
  if (i == 0)
    return;

  while (w->frames->len >= i && !w->stopped)
    pop_frame (w);
}

static void
on_characters (void          *user_data,
               const xmlChar *text,
               int            length)
{
  Writer *w = user_data;

  if (w->stopped || w->skip_depth > 0 || length <= 0)
    return;

  writer_text (w, (const char *) text, (gsize) length);
}

static int
read_input (void *context,
            char *buffer,
            int   length)
{
  Reader *reader = context;
  gsize wanted = (gsize) MAX (length, 0);
  gsize n = MIN (wanted, reader->prefix_length);

  memcpy (buffer, reader->prefix, n);
  reader->prefix += n;
  reader->prefix_length -= n;

  if (n < wanted)
    {
      gsize more = MIN (wanted - n, reader->length - reader->offset);

      memcpy (buffer + n, reader->data + reader->offset, more);
      reader->offset += more;
      n += more;
    }

  return (int) n;
}

/* Where a run restarted from @consumed (just past a start tag's attributes) goes on: after
 * that start tag's ">". */
static gsize
restart_offset (const char *input,
                gsize       length,
                gsize       consumed)
{
  const char *gt;

  consumed = MIN (consumed, length);
  if (consumed > 0 && input[consumed - 1] == '>')
    return consumed;

  gt = memchr (input + consumed, '>', length - consumed);
  return gt != NULL ? (gsize) (gt - input) + 1 : length;
}

static htmlParserCtxtPtr
new_parser (const htmlSAXHandler *sax,
            Writer               *w)
{
#if LIBXML_VERSION >= 21100
  return htmlNewSAXParserCtxt (sax, w);
#else
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt ();

  if (ctxt == NULL)
    return NULL;

  memcpy (ctxt->sax, sax, sizeof *sax);
  ctxt->userData = w;
  return ctxt;
#endif
}

/* Parses @length bytes of storable @input into @w, in as many runs as its depth asks for. */
static void
parse_runs (Writer     *w,
            const char *input,
            gsize       length)
{
  htmlSAXHandler sax = { 0 };
  gsize offset = 0;

  sax.startElement = on_start_element;
  sax.endElement = on_end_element;
  sax.characters = on_characters;
  sax.cdataBlock = on_characters;
  sax.ignorableWhitespace = on_characters;

  while (offset < length && !w->cut)
    {
      gsize prefix_length = offset > 0 ? strlen (continuation_prefix) : 0;
      Reader reader = { continuation_prefix, prefix_length, input, length, offset };
      htmlParserCtxtPtr ctxt = new_parser (&sax, w);

      if (ctxt == NULL)
        break;

      w->ctxt = ctxt;
      w->run_start = offset;
      w->run_prefix_length = prefix_length;
      w->restart_at = 0;
      w->stopped = FALSE;

      /* UTF-8 whatever the document declares (HTML_PARSE_IGNORE_ENC), so parser_position()
       * counts bytes of @input. Without XML_PARSE_HUGE (named HTML_PARSE_HUGE from 2.14 on),
       * libxml2 2.11 and later stop the whole parse at a text, comment or attribute value of
       * more than 10 MB. */
      htmlCtxtReadIO (ctxt, read_input, NULL, &reader, NULL, "UTF-8",
                      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
      htmlFreeParserCtxt (ctxt);
      w->ctxt = NULL;

      if (w->restart_at == 0 || w->cut)
        break;

      /* The elements still open stay open for the text that follows: the quote level, list
       * level and <pre> they set go on. Their end tags are unknown to the next run, which
       * ignores them, so the text after them stays at the level reached here. Skipped
       * elements are the exception: the text after them would stay hidden, so the next run
       * shows what it finds. */
      g_array_set_size (w->frames, 0);
      w->skip_depth = 0;

      offset = MAX (restart_offset (input, length, w->restart_at), offset + 1);
    }
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

static void
clear_frame (gpointer data)
{
  Frame *frame = data;

  g_free (frame->link_target);
}

char *
rapport_html_to_text (const char *html,
                      gssize      length)
{
  static GOnce libxml_once = G_ONCE_INIT;
  g_autofree char *valid = NULL;
  Writer w = { 0 };

  if (html == NULL || length == 0)
    return g_strdup ("");

  g_once (&libxml_once, init_libxml, NULL);

  valid = rapport_text_make_storable (html, length);
  if (valid[0] == '\0')
    return g_strdup ("");

  w.out = g_string_new (NULL);
  w.at_line_start = TRUE;
  w.frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (w.frames, clear_frame);

  parse_runs (&w, valid, strlen (valid));

  g_array_unref (w.frames);

  while (w.out->len > 0 && g_ascii_isspace (w.out->str[w.out->len - 1]))
    g_string_truncate (w.out, w.out->len - 1);

  if (w.cut)
    g_string_append_printf (w.out, "\n\n[message cut at %u characters]",
                            (guint) RAPPORT_HTML_MAX_TEXT_CHARS);

  return g_string_free (w.out, FALSE);
}
