/* rapport-html.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-html"

#include "config.h"

#include "rapport-html.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

/* How many newlines an element asks for around itself. */
typedef enum
{
  BREAK_NONE,
  BREAK_LINE,      /* starts on a new line */
  BREAK_PARAGRAPH, /* separated by a blank line */
} BreakKind;

typedef struct
{
  GString  *out;
  guint     pending_newlines; /* 0 … 2, written before the next visible character */
  gboolean  pending_space;    /* collapsed whitespace waiting for the next character */
  gboolean  suppress_space;   /* right after a bullet: the item's own spaces are noise */
  gboolean  at_line_start;    /* the quote prefix is still to be written on this line */
  guint     pre_depth;
  guint     quote_depth;
  guint     list_depth;
  GArray   *links;            /* (element-type LinkFrame) open <a> elements */
} Writer;

typedef struct
{
  xmlNode *node;
  gsize    text_start;
} LinkFrame;

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
trim_trailing_spaces (GString *out)
{
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
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
      trim_trailing_spaces (w->out);
      for (guint i = 0; i < w->pending_newlines; i++)
        g_string_append_c (w->out, '\n');
      w->pending_newlines = 0;
      w->pending_space = FALSE;
      w->at_line_start = TRUE;
    }

  if (w->at_line_start)
    {
      for (guint i = 0; i < w->quote_depth; i++)
        g_string_append (w->out, "> ");
      w->at_line_start = FALSE;
      w->pending_space = FALSE;
    }
  else if (w->pending_space && !w->suppress_space)
    {
      g_string_append_c (w->out, ' ');
    }

  w->pending_space = FALSE;
}

/* Appends @text as visible content, after what is pending. */
static void
writer_raw (Writer     *w,
            const char *text)
{
  writer_flush (w);
  g_string_append (w->out, text);
  w->suppress_space = FALSE;
}

static gboolean
is_collapsible_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         c == 0x00A0;
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
}

static void
writer_text (Writer     *w,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (w->pre_depth > 0)
        {
          if (c == '\n')
            {
              writer_line_break (w);
              continue;
            }
          if (c == '\t' || c == ' ' || c == 0x00A0)
            {
              writer_flush (w);
              g_string_append_c (w->out, c == '\t' ? '\t' : ' ');
              continue;
            }
        }
      else if (is_collapsible_space (c))
        {
          w->pending_space = TRUE;
          continue;
        }

      if (is_control (c))
        continue;

      writer_flush (w);
      g_string_append_len (w->out, p, next - p);
      w->suppress_space = FALSE;
    }
}

static const char *
element_name (xmlNode *node)
{
  return node->name != NULL ? (const char *) node->name : "";
}

static char *
get_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);

  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

static gboolean
is_shown_link_target (const char *href)
{
  return g_ascii_strncasecmp (href, "http://", 7) == 0 ||
         g_ascii_strncasecmp (href, "https://", 8) == 0 ||
         g_ascii_strncasecmp (href, "mailto:", 7) == 0;
}

/* Whether a link's visible text already says where it goes. */
static gboolean
link_text_matches (const char *text,
                   const char *href)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize la, lb;

  if (g_ascii_strncasecmp (href, "mailto:", 7) == 0)
    href += 7;
  if (g_ascii_strncasecmp (text, "mailto:", 7) == 0)
    text += 7;

  a = g_utf8_casefold (text, -1);
  b = g_utf8_casefold (href, -1);
  la = strlen (a);
  lb = strlen (b);
  while (la > 0 && a[la - 1] == '/')
    a[--la] = '\0';
  while (lb > 0 && b[lb - 1] == '/')
    b[--lb] = '\0';

  return strcmp (a, b) == 0;
}

/* Returns whether the children of @node are to be visited. */
static gboolean
enter_node (Writer  *w,
            xmlNode *node)
{
  const char *name;

  switch (node->type)
    {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (node->content != NULL)
        writer_text (w, (const char *) node->content);
      return FALSE;

    case XML_ELEMENT_NODE:
      break;

    case XML_DOCUMENT_NODE:
    case XML_HTML_DOCUMENT_NODE:
    case XML_DOCUMENT_FRAG_NODE:
      return TRUE;

    case XML_ATTRIBUTE_NODE:
    case XML_ENTITY_REF_NODE:
    case XML_ENTITY_NODE:
    case XML_PI_NODE:
    case XML_COMMENT_NODE:
    case XML_DOCUMENT_TYPE_NODE:
    case XML_NOTATION_NODE:
    case XML_DTD_NODE:
    case XML_ELEMENT_DECL:
    case XML_ATTRIBUTE_DECL:
    case XML_ENTITY_DECL:
    case XML_NAMESPACE_DECL:
    case XML_XINCLUDE_START:
    case XML_XINCLUDE_END:
    default:
      return FALSE;
    }

  name = element_name (node);

  if (name_in (name, skipped_elements, G_N_ELEMENTS (skipped_elements)))
    return FALSE;

  if (strcmp (name, "br") == 0)
    {
      writer_line_break (w);
      return FALSE;
    }

  if (strcmp (name, "img") == 0)
    {
      g_autofree char *alt = get_attribute (node, "alt");

      if (alt != NULL)
        {
          g_autofree char *label = g_strdup_printf ("[%s]", alt);
          writer_raw (w, label);
        }
      return FALSE;
    }

  if (strcmp (name, "ul") == 0 || strcmp (name, "ol") == 0)
    {
      writer_break (w, w->list_depth > 0 ? 1 : 2);
      w->list_depth++;
      return TRUE;
    }

  if (strcmp (name, "li") == 0)
    {
      g_autoptr(GString) bullet = g_string_new (NULL);

      writer_break (w, 1);
      for (guint i = 1; i < w->list_depth; i++)
        g_string_append (bullet, "  ");
      g_string_append (bullet, "• ");
      writer_raw (w, bullet->str);
      w->suppress_space = TRUE;
      return TRUE;
    }

  if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
    {
      w->pending_space = TRUE;
      return TRUE;
    }

  if (strcmp (name, "a") == 0)
    {
      LinkFrame frame = { node, w->out->len };

      g_array_append_val (w->links, frame);
      return TRUE;
    }

  switch (break_kind_of (name))
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
    w->pre_depth++;
  else if (strcmp (name, "blockquote") == 0)
    w->quote_depth++;

  return TRUE;
}

static void
leave_link (Writer  *w,
            xmlNode *node)
{
  LinkFrame frame;
  g_autofree char *href = NULL;
  g_autofree char *text = NULL;

  if (w->links->len == 0)
    return;

  frame = g_array_index (w->links, LinkFrame, w->links->len - 1);
  if (frame.node != node)
    return;
  g_array_set_size (w->links, w->links->len - 1);

  href = get_attribute (node, "href");
  if (href == NULL || !is_shown_link_target (href))
    return;

  text = g_strstrip (g_strndup (w->out->str + MIN (frame.text_start, w->out->len),
                                w->out->len - MIN (frame.text_start, w->out->len)));

  if (text[0] != '\0' && link_text_matches (text, href))
    return;

  {
    g_autofree char *target = g_strdup_printf ("<%s>", href);

    if (text[0] != '\0')
      w->pending_space = TRUE;
    writer_raw (w, target);
  }
}

static void
leave_element (Writer  *w,
               xmlNode *node)
{
  const char *name;

  if (node->type != XML_ELEMENT_NODE)
    return;

  name = element_name (node);

  if (strcmp (name, "a") == 0)
    {
      leave_link (w, node);
      return;
    }

  if (strcmp (name, "td") == 0 || strcmp (name, "th") == 0)
    {
      w->pending_space = TRUE;
      return;
    }

  if (strcmp (name, "ul") == 0 || strcmp (name, "ol") == 0)
    {
      if (w->list_depth > 0)
        w->list_depth--;
      writer_break (w, w->list_depth > 0 ? 1 : 2);
      return;
    }

  if (strcmp (name, "pre") == 0 && w->pre_depth > 0)
    w->pre_depth--;
  else if (strcmp (name, "blockquote") == 0 && w->quote_depth > 0)
    {
      /* The break is decided while the prefix still applies to the closing line. */
      writer_break (w, 2);
      w->quote_depth--;
      return;
    }

  switch (break_kind_of (name))
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

/* Depth-first walk without recursion: mail HTML can nest deeper than the C stack likes. */
static void
walk (Writer  *w,
      xmlNode *root)
{
  xmlNode *node = root;

  while (node != NULL)
    {
      gboolean descend = enter_node (w, node);

      if (descend && node->children != NULL)
        {
          node = node->children;
          continue;
        }

      if (descend)
        leave_element (w, node);

      /* Climb until a node has a next sibling, leaving each parent on the way. */
      while (node != NULL && node != root && node->next == NULL)
        {
          node = node->parent;
          if (node != NULL && node != root)
            leave_element (w, node);
        }

      if (node == NULL || node == root)
        break;

      node = node->next;
    }
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

char *
rapport_html_to_text (const char *html,
                      gssize      length)
{
  static GOnce libxml_once = G_ONCE_INIT;
  g_autofree char *valid = NULL;
  htmlDocPtr doc;
  Writer w = { 0 };
  gsize valid_len;

  if (html == NULL || length == 0)
    return g_strdup ("");

  g_once (&libxml_once, init_libxml, NULL);

  valid = g_utf8_make_valid (html, length);
  valid_len = strlen (valid);
  if (valid_len == 0)
    return g_strdup ("");

  /* libxml2 takes an int size; cut at a character boundary if ever needed. */
  if (valid_len > G_MAXINT)
    {
      const char *end = g_utf8_find_prev_char (valid, valid + G_MAXINT);

      valid_len = end != NULL ? (gsize) (end - valid) : 0;
    }

  doc = htmlReadMemory (valid, (int) valid_len, NULL, "UTF-8",
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
  if (doc == NULL)
    return g_strdup ("");

  w.out = g_string_sized_new (valid_len / 2 + 16);
  w.at_line_start = TRUE;
  w.links = g_array_new (FALSE, FALSE, sizeof (LinkFrame));

  walk (&w, (xmlNode *) doc);

  xmlFreeDoc (doc);
  g_array_unref (w.links);

  while (w.out->len > 0 && g_ascii_isspace (w.out->str[w.out->len - 1]))
    g_string_truncate (w.out, w.out->len - 1);

  return g_string_free (w.out, FALSE);
}
