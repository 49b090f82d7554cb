/* rapport-message-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-message-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-message-row.h"

#include "rapport-clock.h"
#include "rapport-outbox-row.h"
#include "rapport-ui-util.h"

/* The accessible name holds at most this many characters of the body. */
#define ACCESSIBLE_BODY_CHARS 300

struct _RapportMessageRow
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkWidget      *card;
  GtkWidget      *header;
  AdwAvatar      *avatar;
  GtkLabel       *author_label;
  GtkImage       *channel_icon;
  GtkLabel       *meta_label;
  GtkWidget      *tag;
  GtkImage       *tag_icon;
  GtkLabel       *tag_label;
  GtkLabel       *body_label;
  GtkWidget      *whole_button;
  GtkWidget      *outbox_box;
  GtkSpinner     *outbox_spinner;
  GtkWidget      *outbox_icon;
  GtkLabel       *outbox_label;
  GtkWidget      *undo_button;
  GtkWidget      *retry_button;
  GtkWidget      *discard_button;

  /* owned */
  RapportMessage  *message;
  RapportOutboxOp *op;
  char            *outbox_description;
  char            *time_text;     /* of @message, as shown */

  guint            countdown_id;  /* the undo-send window's seconds */
  gboolean         online;
};

G_DEFINE_FINAL_TYPE (RapportMessageRow, rapport_message_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_OUTBOX_OP,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sync_outbox (RapportMessageRow *self);

/* In the conversation's list view, the item widget around a recycled row is what assistive
 * technologies list as the row: it carries the row's name and description too. */
static GtkAccessible *
outer (RapportMessageRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return parent != NULL && !GTK_IS_BOX (parent) ? GTK_ACCESSIBLE (parent) : NULL;
}

static void
set_description (RapportMessageRow *self,
                 const char        *description)
{
  GtkAccessible *accessibles[] = { GTK_ACCESSIBLE (self), outer (self) };

  for (guint i = 0; i < G_N_ELEMENTS (accessibles); i++)
    {
      if (accessibles[i] == NULL)
        continue;
      if (description != NULL)
        gtk_accessible_update_property (accessibles[i], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        description, -1);
      else
        gtk_accessible_reset_property (accessibles[i], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static gboolean
on_countdown_cb (gpointer user_data)
{
  RapportMessageRow *self = user_data;

  self->countdown_id = 0;
  sync_outbox (self);

  return G_SOURCE_REMOVE;
}

static void
sync_outbox (RapportMessageRow *self)
{
  const RapportOutboxOp *op = self->op;
  gint64 now_ms = g_get_real_time () / 1000;
  g_autofree char *text = NULL;
  gboolean failed, held, busy;

  g_clear_handle_id (&self->countdown_id, g_source_remove);

  if (op == NULL)
    {
      gtk_widget_set_visible (self->outbox_box, FALSE);
      gtk_spinner_set_spinning (self->outbox_spinner, FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "pending");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
      if (self->outbox_description != NULL)
        {
          g_clear_pointer (&self->outbox_description, g_free);
          set_description (self, NULL);
        }
      return;
    }

  failed = op->state == RAPPORT_OUTBOX_STATE_FAILED;
  held = op->state == RAPPORT_OUTBOX_STATE_HELD && op->hold_until > now_ms;
  busy = rapport_ui_outbox_op_is_busy (op, self->online, now_ms) ||
         (op->state == RAPPORT_OUTBOX_STATE_HELD && !held);
  text = rapport_ui_outbox_state_text (op, self->online, now_ms);

  gtk_label_set_text (self->outbox_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->outbox_spinner), busy);
  gtk_spinner_set_spinning (self->outbox_spinner, busy);
  gtk_widget_set_visible (self->outbox_icon, failed);
  gtk_widget_set_visible (self->undo_button, held);
  gtk_widget_set_visible (self->retry_button, failed);
  gtk_widget_set_visible (self->discard_button, failed);
  /* The target first: an action name without it would not match the action's parameter. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->undo_button), "x", op->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->undo_button), "conversation.undo-op");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "x", op->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "conversation.retry-op");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->discard_button), "x", op->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->discard_button),
                                  "conversation.discard-op");
  gtk_widget_set_visible (self->outbox_box, TRUE);

  if (failed)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "failed");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "pending");
      gtk_widget_add_css_class (GTK_WIDGET (self->outbox_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->outbox_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "pending");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "failed");
      gtk_widget_remove_css_class (GTK_WIDGET (self->outbox_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->outbox_label), "dim-label");
    }

  /* The accessible description says the state, but does not count down every second. */
  {
    g_autofree char *description = NULL;

    if (held)
      description = g_strdup (_("Waiting to be sent, can still be undone"));
    else
      description = g_strdup (text);

    if (g_strcmp0 (description, self->outbox_description) != 0)
      {
        set_description (self, description);
        g_free (self->outbox_description);
        self->outbox_description = g_steal_pointer (&description);
      }
  }

  /* Count the undo-send window down, second by second. */
  if (held)
    {
      gint64 left_ms = op->hold_until - now_ms;

      self->countdown_id = g_timeout_add ((guint) (((left_ms - 1) % 1000) + 1),
                                          on_countdown_cb, self);
    }
}

static void
rapport_message_row_dispose (GObject *object)
{
  RapportMessageRow *self = (RapportMessageRow *)object;

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->message);
  g_clear_pointer (&self->op, rapport_outbox_op_free);
  g_clear_pointer (&self->outbox_description, g_free);
  g_clear_pointer (&self->time_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_MESSAGE_ROW);

  G_OBJECT_CLASS (rapport_message_row_parent_class)->dispose (object);
}

static void
rapport_message_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportMessageRow *self = RAPPORT_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_OUTBOX_OP:
      g_value_set_boxed (value, self->op);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_message_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportMessageRow *self = RAPPORT_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_OUTBOX_OP:
      rapport_message_row_set_outbox_op (self, g_value_get_boxed (value));
      break;

    case PROP_ONLINE:
      rapport_message_row_set_online (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_message_row_class_init (RapportMessageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_message_row_dispose;
  object_class->get_property = rapport_message_row_get_property;
  object_class->set_property = rapport_message_row_set_property;

  properties[PROP_OUTBOX_OP] =
    g_param_spec_boxed ("outbox-op", NULL, NULL,
                        RAPPORT_TYPE_OUTBOX_OP,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, card);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, header);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, tag);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, tag_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, tag_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, whole_button);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, outbox_box);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, outbox_spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, outbox_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, outbox_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, undo_button);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RapportMessageRow, discard_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_message_row_init (RapportMessageRow *self)
{
  self->online = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @text, or its first @max_chars characters; *@cut says whether it was cut. */
static char *
bounded_text (const char *text,
              glong       max_chars,
              gboolean   *cut)
{
  const char *end = text;
  glong n = 0;

  /* Walks at most @max_chars characters, whatever the length of @text. */
  while (*end != '\0' && n < max_chars)
    {
      end = g_utf8_next_char (end);
      n++;
    }

  *cut = *end != '\0';

  return g_strndup (text, end - text);
}

static const char * const kind_classes[] = { "system", "internal", "outbound", "inbound" };

/* The name and description on the list's item widget around the row too: a reused row may
 * be in another item widget than the one it was in when it was last named. */
static void
name_outer (RapportMessageRow *self)
{
  GtkAccessible *item = outer (self);

  if (item == NULL)
    return;

  rapport_ui_set_accessible_label (GTK_WIDGET (item),
                                   rapport_ui_get_accessible_label (GTK_WIDGET (self)));
  if (self->outbox_description != NULL)
    gtk_accessible_update_property (item, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    self->outbox_description, -1);
  else
    gtk_accessible_reset_property (item, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

/* Shows @message. A row that shows it already, at the same time text, changes nothing: the
 * labels keep their layouts. */
static void
sync_row (RapportMessageRow *self,
          RapportMessage    *message)
{
  RapportChannel channel = rapport_message_get_channel (message);
  RapportAuthorKind author_kind = rapport_message_get_author_kind (message);
  gboolean internal = rapport_message_get_visibility (message) == RAPPORT_VISIBILITY_INTERNAL;
  gboolean outbound = rapport_message_get_direction (message) == RAPPORT_DIRECTION_OUTBOUND;
  g_autofree char *time_text = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *start = NULL;
  g_autofree char *safe_author = NULL;
  const char *author;
  const char *body;
  const char *kind;
  const char *kind_class;
  gboolean cut = FALSE;
  gboolean start_cut = FALSE;

  time_text = rapport_ui_format_message_time (rapport_message_get_created_at (message),
                                              rapport_ui_now ());
  if (message == self->message && g_strcmp0 (time_text, self->time_text) == 0)
    {
      name_outer (self);
      return;
    }
  g_set_object (&self->message, message);
  g_free (self->time_text);
  self->time_text = g_strdup (time_text);

  /* Bidi-safe in the labels and the accessible name: a name comes from anyone. */
  safe_author = rapport_ui_bidi_safe (rapport_message_get_author_name (message));
  author = safe_author;
  if (author == NULL)
    author = author_kind == RAPPORT_AUTHOR_SYSTEM ? _("System") : _("Unknown author");
  body = rapport_message_get_body (message);
  if (body == NULL)
    body = "";

  /* No label gets more than a preview's worth of text, whoever made the message. */
  shown = bounded_text (body, RAPPORT_MESSAGE_BODY_PREVIEW_CHARS, &cut);
  cut = cut || rapport_message_get_body_truncated (message);

  rapport_ui_set_avatar_text (self->avatar, author);
  gtk_label_set_text (self->author_label, author);
  gtk_label_set_text (self->body_label, shown);
  gtk_widget_set_visible (self->whole_button, cut && rapport_message_get_id (message) > 0);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->whole_button), "x",
                                    rapport_message_get_id (message));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->whole_button),
                                  "conversation.show-whole-message");
  gtk_image_set_from_icon_name (self->channel_icon, rapport_ui_channel_icon_name (channel));

  /* Translators: below the author of a message: channel and time, e.g. "Email · 10:02" */
  meta = g_strdup_printf (_("%s · %s"), rapport_ui_channel_label (channel), time_text);
  gtk_label_set_text (self->meta_label, meta);

  /* A recycled row may have shown another kind of message. */
  gtk_widget_set_visible (self->header, author_kind != RAPPORT_AUTHOR_SYSTEM);
  gtk_widget_set_halign (GTK_WIDGET (self->body_label),
                         author_kind == RAPPORT_AUTHOR_SYSTEM ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  /* A body that fills the row's width has the natural width of its minimum: GTK then lays it
   * out once for both, not a second time as one line per paragraph. A centred event is as
   * wide as its text. */
  gtk_label_set_max_width_chars (self->body_label,
                                 author_kind == RAPPORT_AUTHOR_SYSTEM
                                 ? -1 : gtk_label_get_width_chars (self->body_label));
  gtk_widget_remove_css_class (self->tag, "note");
  gtk_widget_remove_css_class (self->tag, "reply");
  gtk_widget_set_visible (self->tag, FALSE);

  if (author_kind == RAPPORT_AUTHOR_SYSTEM)
    {
      kind = C_("message kind", "Event");
      kind_class = "system";
      gtk_widget_add_css_class (GTK_WIDGET (self->body_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->body_label), "caption");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->body_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->body_label), "caption");

      if (internal)
        {
          kind = C_("message kind", "Internal note");
          kind_class = "internal";
          gtk_widget_add_css_class (self->tag, "note");
          gtk_image_set_from_icon_name (self->tag_icon, "rapport-note-symbolic");
          gtk_widget_set_visible (GTK_WIDGET (self->tag_icon), TRUE);
          gtk_label_set_text (self->tag_label, kind);
          gtk_widget_set_visible (self->tag, TRUE);
        }
      else if (outbound)
        {
          kind = C_("message kind", "Reply");
          kind_class = "outbound";
          gtk_widget_add_css_class (self->tag, "reply");
          gtk_widget_set_visible (GTK_WIDGET (self->tag_icon), FALSE);
          gtk_label_set_text (self->tag_label, kind);
          gtk_widget_set_visible (self->tag, TRUE);
        }
      else
        {
          kind = C_("message kind", "Message");
          kind_class = "inbound";
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (kind_classes); i++)
    if (g_strcmp0 (kind_classes[i], kind_class) != 0)
      gtk_widget_remove_css_class (GTK_WIDGET (self), kind_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), kind_class);

  /* The name says the start of the text only: a screen reader reads it whole on every visit,
   * and a long body would cost its length on every change of the accessibility tree. */
  start = bounded_text (shown, ACCESSIBLE_BODY_CHARS, &start_cut);
  if (start_cut || cut)
    {
      char *with_ellipsis = g_strconcat (start, "…", NULL);

      g_free (start);
      start = with_ellipsis;
    }

  /* Translators: accessible label of a message: author, kind (Reply, Internal note or
   * Message), channel, date: the start of the body */
  accessible = g_strdup_printf (_("%s, %s, %s, %s: %s"),
                                author, kind, rapport_ui_channel_label (channel), time_text, start);
  rapport_ui_set_accessible_label (GTK_WIDGET (self), accessible);
  name_outer (self);
}

static void
on_clock_ticked_cb (RapportMessageRow *self)
{
  /* A spare row (out of the list, kept for reuse) is brought up to date when it is used. */
  if (self->message != NULL && gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    sync_row (self, self->message);
}

GtkWidget *
rapport_message_row_new (RapportMessage *message)
{
  RapportMessageRow *self;

  g_return_val_if_fail (!message || RAPPORT_IS_MESSAGE (message), NULL);

  self = g_object_new (RAPPORT_TYPE_MESSAGE_ROW, NULL);
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);
  if (message != NULL)
    rapport_message_row_set_message (self, message);

  return GTK_WIDGET (self);
}

/**
 * rapport_message_row_set_message:
 *
 * Shows @message (a recycled row shows another message): text, kind, accessible name. The
 * outbox op is left as it is; the caller sets the new message's.
 */
void
rapport_message_row_set_message (RapportMessageRow *self,
                                 RapportMessage    *message)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE_ROW (self));
  g_return_if_fail (RAPPORT_IS_MESSAGE (message));

  sync_row (self, message);
}

RapportMessage *
rapport_message_row_get_message (RapportMessageRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

/* Two ops are shown alike when they have the same state and timing. */
static gboolean
same_op (const RapportOutboxOp *a,
         const RapportOutboxOp *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return a->id == b->id && a->state == b->state && a->hold_until == b->hold_until &&
         a->not_before == b->not_before && a->error_code == b->error_code &&
         a->attempts == b->attempts;
}

/**
 * rapport_message_row_set_outbox_op:
 * @op: (nullable): the outbox op that sends this local message, or %NULL
 */
void
rapport_message_row_set_outbox_op (RapportMessageRow     *self,
                                   const RapportOutboxOp *op)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE_ROW (self));

  if (same_op (self->op, op))
    return;

  g_clear_pointer (&self->op, rapport_outbox_op_free);
  if (op != NULL)
    self->op = rapport_outbox_op_copy (op);
  sync_outbox (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_OP]);
}

const RapportOutboxOp *
rapport_message_row_get_outbox_op (RapportMessageRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE_ROW (self), NULL);

  return self->op;
}

void
rapport_message_row_set_online (RapportMessageRow *self,
                                gboolean           online)
{
  g_return_if_fail (RAPPORT_IS_MESSAGE_ROW (self));

  online = !!online;
  if (self->online == online)
    return;

  self->online = online;
  if (self->op != NULL)
    sync_outbox (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

gboolean
rapport_message_row_get_online (RapportMessageRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_MESSAGE_ROW (self), FALSE);

  return self->online;
}
