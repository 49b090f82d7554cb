/* rapport-money-summary-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-money-summary-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-money-summary-view.h"

struct _RapportMoneySummaryView
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkWidget          *box;
  GtkBox             *lines;
  GtkLabel           *invalid_label;

  /* owned */
  char               *text;
  RapportMoneyFormat  format;
};

G_DEFINE_FINAL_TYPE (RapportMoneySummaryView, rapport_money_summary_view, GTK_TYPE_WIDGET)

static char *
format_minor (gint64                    minor,
              const char               *currency,
              const RapportMoneyFormat *format)
{
  RapportMoney money;

  if (!rapport_money_init (&money, minor, currency, NULL))
    return g_strdup (currency);

  return rapport_money_format (&money, format);
}

/* "Refunds: $120.00 to date, $40.00 in the last 30 days, $75.00 awaiting approval". */
static char *
describe (gboolean                  refunds,
          gint64                    to_date,
          gint64                    in_window,
          gint64                    pending,
          gboolean                  saturated,
          guint                     window_days,
          const char               *currency,
          const RapportMoneyFormat *format)
{
  g_autofree char *total = format_minor (to_date, currency, format);
  g_autofree char *window = format_minor (in_window, currency, format);
  g_autofree char *waiting = NULL;
  g_autofree char *line = NULL;

  /* A sum that saturated is only a lower bound. */
  if (saturated && to_date == G_MAXINT64)
    {
      g_autofree char *more = g_steal_pointer (&total);

      /* Translators: a sum too large to add up exactly; %s is an amount */
      total = g_strdup_printf (_("more than %s"), more);
    }

  if (to_date == 0 && in_window == 0)
    line = g_strdup (refunds ? _("Refunds: none so far") : _("Credits: none so far"));
  else if (refunds)
    /* Translators: %1$s the customer's refunds to date, %2$s those of the last %3$u days */
    line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Refunds: %1$s to date, %2$s in the last %3$u day",
                                         "Refunds: %1$s to date, %2$s in the last %3$u days",
                                         window_days),
                            total, window, window_days);
  else
    /* Translators: %1$s the customer's credits to date, %2$s those of the last %3$u days */
    line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Credits: %1$s to date, %2$s in the last %3$u day",
                                         "Credits: %1$s to date, %2$s in the last %3$u days",
                                         window_days),
                            total, window, window_days);

  if (pending <= 0)
    return g_steal_pointer (&line);

  waiting = format_minor (pending, currency, format);
  /* Translators: a summary line, then what awaits approval or sending ("$75.00") */
  return g_strdup_printf (_("%1$s, %2$s awaiting approval"), line, waiting);
}

static void
append_text (GString    *text,
             const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

/* A line of its own, before the line of invalid decisions. */
static void
add_line (RapportMoneySummaryView *self,
          GString                 *text,
          const char              *line,
          const char              *css_class)
{
  GtkWidget *label = gtk_label_new (line);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_insert_child_after (self->lines, label,
                              gtk_widget_get_prev_sibling (GTK_WIDGET (self->invalid_label)));

  append_text (text, line);
}

static void
rapport_money_summary_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_MONEY_SUMMARY_VIEW);

  G_OBJECT_CLASS (rapport_money_summary_view_parent_class)->dispose (object);
}

static void
rapport_money_summary_view_finalize (GObject *object)
{
  RapportMoneySummaryView *self = RAPPORT_MONEY_SUMMARY_VIEW (object);

  g_free (self->text);

  G_OBJECT_CLASS (rapport_money_summary_view_parent_class)->finalize (object);
}

static void
rapport_money_summary_view_class_init (RapportMoneySummaryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_money_summary_view_dispose;
  object_class->finalize = rapport_money_summary_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-money-summary-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportMoneySummaryView, box);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneySummaryView, lines);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneySummaryView, invalid_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "moneysummary");
}

static void
rapport_money_summary_view_init (RapportMoneySummaryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_money_format_init_from_locale (&self->format);
}

GtkWidget *
rapport_money_summary_view_new (void)
{
  return g_object_new (RAPPORT_TYPE_MONEY_SUMMARY_VIEW, NULL);
}

void
rapport_money_summary_view_set_summary (RapportMoneySummaryView   *self,
                                        const RapportMoneySummary *summary)
{
  g_autoptr(GString) text = NULL;
  GtkWidget *child;

  g_return_if_fail (RAPPORT_IS_MONEY_SUMMARY_VIEW (self));

  /* GTK 4.8 keeps the request mode it computed for a widget until its size is invalidated
   * again, and a hidden widget's stays invalid until it is shown. The panel asks for it while
   * the summary is hidden: with only the lines made here, the box was empty then, its mode
   * "constant size" stayed, and a wrapping line got the height of one line at any width (the
   * heading after it drawn over the second line). The line of invalid decisions, always in
   * the box, keeps it height-for-width. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines))) !=
         GTK_WIDGET (self->invalid_label))
    gtk_box_remove (self->lines, child);
  gtk_widget_set_visible (GTK_WIDGET (self->invalid_label), FALSE);
  g_clear_pointer (&self->text, g_free);

  gtk_widget_set_visible (GTK_WIDGET (self), summary != NULL);
  if (summary == NULL)
    return;

  text = g_string_new (NULL);
  for (guint i = 0; summary->totals != NULL && i < summary->totals->len; i++)
    {
      const RapportMoneyTotals *totals = &g_array_index (summary->totals, RapportMoneyTotals, i);
      g_autofree char *refunds = NULL;
      g_autofree char *credits = NULL;

      if (totals->refunds > 0 || totals->refunds_pending > 0)
        {
          refunds = describe (TRUE, totals->refunds, totals->refunds_window,
                              totals->refunds_pending, totals->saturated, summary->window_days,
                              totals->currency, &self->format);
          add_line (self, text, refunds, NULL);
        }
      if (totals->credits > 0 || totals->credits_pending > 0)
        {
          credits = describe (FALSE, totals->credits, totals->credits_window,
                              totals->credits_pending, totals->saturated, summary->window_days,
                              totals->currency, &self->format);
          add_line (self, text, credits, NULL);
        }
    }

  if (text->len == 0)
    add_line (self, text, _("No refunds or credits"), "dim-label");

  if (summary->n_invalid_decisions > 0)
    {
      g_autofree char *invalid = NULL;

      invalid = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u decision did not pass verification and moved "
                                              "no money",
                                              "%u decisions did not pass verification and moved "
                                              "no money",
                                              summary->n_invalid_decisions),
                                 summary->n_invalid_decisions);
      gtk_label_set_text (self->invalid_label, invalid);
      gtk_widget_set_visible (GTK_WIDGET (self->invalid_label), TRUE);
      append_text (text, invalid);
    }

  self->text = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->box),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->text,
                                  -1);
}

void
rapport_money_summary_view_set_format (RapportMoneySummaryView  *self,
                                       const RapportMoneyFormat *format)
{
  g_return_if_fail (RAPPORT_IS_MONEY_SUMMARY_VIEW (self));
  g_return_if_fail (format != NULL);

  self->format = *format;
}

const char *
rapport_money_summary_view_get_text (RapportMoneySummaryView *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_SUMMARY_VIEW (self), NULL);

  return self->text;
}
