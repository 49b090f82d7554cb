/* rapport-money-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-money-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-money-dialog.h"

#include "rapport-ui-util.h"

struct _RapportMoneyDialog
{
  AdwWindow                parent_instance;

  /* template widgets */
  GtkButton               *confirm_button;
  AdwEntryRow             *amount_row;
  AdwEntryRow             *reason_row;
  AdwEntryRow             *order_row;
  GtkImage                *verdict_icon;
  GtkLabel                *verdict_label;
  GtkLabel                *offline_label;

  /* owned */
  RapportPolicy           *policy;
  GArray                  *customer_recent; /* (element-type RapportPolicyEntry) */
  GArray                  *agent_recent;    /* (element-type RapportPolicyEntry) */
  char                    *verdict_text;
  char                    *verdict_class;   /* the style class on verdict_label now, or NULL */

  RapportMoneyFormat       format;
  RapportMoneyKind         kind;
  char                     currency[4];
  RapportRole              role;
  gboolean                 has_role;
  gboolean                 offline;
  gboolean                 unconfirmed;
  gint64                   now_us;

  /* the form's state, after update () */
  gboolean                 parsed;
  RapportMoney             amount;
  RapportPolicyEvaluation  evaluation;
  gboolean                 valid;
};

G_DEFINE_FINAL_TYPE (RapportMoneyDialog, rapport_money_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_KIND,
  PROP_CURRENCY,
  PROP_OFFLINE,
  PROP_ROLE,
  PROP_HAS_ROLE,
  PROP_VERDICT,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------------------------------------
 * Sentences
 * ------------------------------------------------------------------------------------------- */

/* @money for people; isolated from the sentence around it when the UI runs right to left, as
 * rapport_money_format() asks. */
static char *
format_amount (const RapportMoney       *money,
               const RapportMoneyFormat *format)
{
  g_autofree char *text = rapport_money_format (money, format);

  if (gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL)
    return g_strconcat ("\u2068", text, "\u2069", NULL);

  return g_steal_pointer (&text);
}

/* "$12.50", "¥1,200", "KWD 12.500": an amount to show how to write one. */
static char *
format_example (const char               *currency,
                const RapportMoneyFormat *format)
{
  RapportMoney example;
  int exponent = rapport_currency_get_exponent (currency);
  gint64 minor = 1200;

  /* 12 units and a half where the currency has decimals (12.50, 12.500), else 1200. */
  if (exponent > 0)
    {
      gint64 half = 5;

      minor = 12;
      for (int i = 0; i < exponent; i++)
        minor *= 10;
      for (int i = 1; i < exponent; i++)
        half *= 10;
      minor += half;
    }

  if (!rapport_money_init (&example, minor, currency, NULL))
    return g_strdup (currency);

  return format_amount (&example, format);
}

char *
rapport_money_dialog_describe_parse_error (const GError             *error,
                                           const char               *currency,
                                           const RapportMoneyFormat *format)
{
  g_autofree char *example = NULL;
  int exponent;

  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (currency != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  if (error->domain != RAPPORT_MONEY_ERROR)
    return g_strdup (_("This is not an amount"));

  switch ((RapportMoneyError) error->code)
    {
    case RAPPORT_MONEY_ERROR_EMPTY:
      /* Translators: %s is a currency code, "USD" */
      return g_strdup_printf (_("Enter the amount in %s"), currency);

    case RAPPORT_MONEY_ERROR_NOT_A_NUMBER:
      example = format_example (currency, format);
      /* Translators: %s is an example amount, "$12.50" */
      return g_strdup_printf (_("This is not an amount: write digits, as in %s"), example);

    case RAPPORT_MONEY_ERROR_SEPARATOR:
      example = format_example (currency, format);
      /* Translators: %s is an example amount, "$12.50" */
      return g_strdup_printf (_("The separators are not where they belong: write the amount "
                                "as in %s"), example);

    case RAPPORT_MONEY_ERROR_NEGATIVE:
      return g_strdup (_("The amount cannot be negative"));

    case RAPPORT_MONEY_ERROR_ZERO:
      return g_strdup (_("The amount must be more than zero"));

    case RAPPORT_MONEY_ERROR_TOO_MANY_DECIMALS:
      exponent = rapport_currency_get_exponent (currency);
      if (exponent <= 0)
        /* Translators: %s is a currency code, "JPY" */
        return g_strdup_printf (_("Amounts in %s have no decimals"), currency);
      /* Translators: %1$s is a currency code ("USD"), %2$d a number of digits */
      return g_strdup_printf (ngettext ("Amounts in %1$s have at most %2$d decimal",
                                        "Amounts in %1$s have at most %2$d decimals",
                                        exponent),
                              currency, exponent);

    case RAPPORT_MONEY_ERROR_OVERFLOW:
      return g_strdup (_("The amount is too large"));

    case RAPPORT_MONEY_ERROR_OTHER_CURRENCY:
    case RAPPORT_MONEY_ERROR_UNKNOWN_CURRENCY:
    case RAPPORT_MONEY_ERROR_MIXED_CURRENCIES:
      /* Translators: %s is a currency code, "USD" */
      /* Translators: %s is a currency code, "USD" */
      return g_strdup_printf (_("This account works in %1$s only: enter the amount in %1$s"),
                              currency);

    default:
      break;
    }

  return g_strdup (_("This is not an amount"));
}

char *
rapport_money_dialog_describe_evaluation (const RapportPolicyEvaluation *evaluation,
                                          RapportMoneyKind               kind,
                                          const RapportMoneyFormat      *format)
{
  g_autofree char *amount = NULL;
  g_autofree char *over = NULL;
  g_autofree char *total = NULL;
  g_autofree char *after = NULL;
  g_autofree char *limit = NULL;
  gboolean refund = kind == RAPPORT_MONEY_KIND_REFUND;
  guint days;

  g_return_val_if_fail (evaluation != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  switch (evaluation->verdict)
    {
    case RAPPORT_VERDICT_ALLOWED:
      limit = format_amount (&evaluation->single_limit, format);
      /* Translators: %s is the agent's limit for one action, "$50.00" */
      return g_strdup_printf (_("Within your limit (up to %s)"), limit);

    case RAPPORT_VERDICT_NEEDS_APPROVAL:
      switch (evaluation->reason)
        {
        case RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW:
          total = format_amount (&evaluation->customer_total, format);
          after = format_amount (&evaluation->customer_after, format);
          limit = format_amount (&evaluation->customer_limit, format);
          days = evaluation->customer_window_days;
          if (refund)
            /* Translators: %1$s what the customer received ("$40.00"), %2$u a number of
             * days, %3$s the total with this refund ("$90.00"), %4$s the limit ("$75.00") */
            return g_strdup_printf (ngettext ("Needs approval: this customer has received %1$s "
                                              "in refunds in the last %2$u day; this would make "
                                              "%3$s, over the %4$s limit",
                                              "Needs approval: this customer has received %1$s "
                                              "in refunds in the last %2$u days; this would make "
                                              "%3$s, over the %4$s limit",
                                              days),
                                    total, days, after, limit);
          /* Translators: %1$s what the customer received ("$40.00"), %2$u a number of days,
           * %3$s the total with this credit ("$90.00"), %4$s the limit ("$75.00") */
          return g_strdup_printf (ngettext ("Needs approval: this customer has received %1$s "
                                            "in credits in the last %2$u day; this would make "
                                            "%3$s, over the %4$s limit",
                                            "Needs approval: this customer has received %1$s "
                                            "in credits in the last %2$u days; this would make "
                                            "%3$s, over the %4$s limit",
                                            days),
                                  total, days, after, limit);

        case RAPPORT_VERDICT_REASON_AGENT_DAY:
          total = format_amount (&evaluation->agent_total, format);
          after = format_amount (&evaluation->agent_after, format);
          limit = format_amount (&evaluation->agent_limit, format);
          if (refund)
            /* Translators: %1$s what the agent refunded today ("$150.00"), %2$s the total with
             * this refund, %3$s the daily limit */
            return g_strdup_printf (_("Needs approval: you have refunded %1$s today; this "
                                      "would make %2$s, over your daily limit of %3$s"),
                                    total, after, limit);
          /* Translators: %1$s what the agent credited today ("$150.00"), %2$s the total with
           * this credit, %3$s the daily limit */
          return g_strdup_printf (_("Needs approval: you have credited %1$s today; this would "
                                    "make %2$s, over your daily limit of %3$s"),
                                  total, after, limit);

        case RAPPORT_VERDICT_REASON_SINGLE_LIMIT:
        case RAPPORT_VERDICT_REASON_NONE:
        case RAPPORT_VERDICT_REASON_CURRENCY:
        case RAPPORT_VERDICT_REASON_AMOUNT:
        case RAPPORT_VERDICT_REASON_ROLE:
        default:
          amount = format_amount (&evaluation->amount, format);
          over = format_amount (&evaluation->over, format);
          if (refund)
            /* Translators: %1$s the amount ("$75.00"), %2$s what is over the limit ("$25.00") */
            return g_strdup_printf (_("Needs supervisor approval: %1$s is %2$s over your refund "
                                      "limit"), amount, over);
          /* Translators: %1$s the amount ("$75.00"), %2$s what is over the limit ("$25.00") */
          return g_strdup_printf (_("Needs supervisor approval: %1$s is %2$s over your credit "
                                    "limit"), amount, over);
        }

    case RAPPORT_VERDICT_DENIED:
    default:
      switch (evaluation->reason)
        {
        case RAPPORT_VERDICT_REASON_CURRENCY:
          /* Translators: %s is a currency code, "EUR" */
          return g_strdup_printf (_("Not possible: the helpdesk's limits are not in %s"),
                                  evaluation->amount.currency);

        case RAPPORT_VERDICT_REASON_ROLE:
          if (refund)
            return g_strdup (_("Not possible: the helpdesk gives you no role that may refund"));
          return g_strdup (_("Not possible: the helpdesk gives you no role that may credit"));

        case RAPPORT_VERDICT_REASON_AMOUNT:
        case RAPPORT_VERDICT_REASON_NONE:
        case RAPPORT_VERDICT_REASON_SINGLE_LIMIT:
        case RAPPORT_VERDICT_REASON_CUSTOMER_WINDOW:
        case RAPPORT_VERDICT_REASON_AGENT_DAY:
        default:
          return g_strdup (_("The amount must be more than zero"));
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * The form
 * ------------------------------------------------------------------------------------------- */

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
has_reason (RapportMoneyDialog *self)
{
  g_autofree char *reason = dup_trimmed (self->reason_row);

  return *reason != '\0';
}

static void
set_verdict_class (RapportMoneyDialog *self,
                   const char         *css_class)
{
  if (g_strcmp0 (self->verdict_class, css_class) == 0)
    return;

  if (self->verdict_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), self->verdict_class);
  g_free (self->verdict_class);
  self->verdict_class = g_strdup (css_class);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), css_class);
}

static void
sync_confirm (RapportMoneyDialog *self)
{
  gboolean refund = self->kind == RAPPORT_MONEY_KIND_REFUND;
  gboolean reason = has_reason (self);
  g_autofree char *label = NULL;
  g_autofree char *amount = NULL;
  const char *tooltip = NULL;

  if (self->valid && self->evaluation.verdict == RAPPORT_VERDICT_NEEDS_APPROVAL)
    label = g_strdup (_("Request Approval"));
  else if (self->valid)
    {
      amount = rapport_money_format (&self->amount, &self->format);
      /* Translators: a button; %s is the amount, "$20.00" */
      label = g_strdup_printf (refund ? _("Refund %s") : _("Credit %s"), amount);
    }
  else
    label = g_strdup (refund ? C_("button", "Refund") : C_("button", "Credit"));

  if (!self->valid)
    tooltip = _("Enter a valid amount first");
  else if (!reason)
    tooltip = _("Enter a reason first");

  gtk_button_set_label (self->confirm_button, label);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->confirm_button)), tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->confirm_button), tooltip);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "money.confirm", self->valid && reason);
}

static void
update (RapportMoneyDialog *self)
{
  g_autoptr(GError) error = NULL;
  RapportPolicyAction action = { 0, };
  RapportPolicyHistory customer_recent;
  RapportPolicyHistory agent_recent;
  RapportVerdict old_verdict = self->evaluation.verdict;
  gboolean old_valid = self->valid;
  const char *icon_name = NULL;
  const char *css_class = NULL;
  const char *text;

  text = gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  self->parsed = rapport_money_parse (&self->amount, text, self->currency, &self->format, &error);
  memset (&self->evaluation, 0, sizeof self->evaluation);
  g_clear_pointer (&self->verdict_text, g_free);

  if (!self->parsed)
    {
      self->valid = FALSE;
      self->evaluation.verdict = RAPPORT_VERDICT_DENIED;
      self->evaluation.reason = RAPPORT_VERDICT_REASON_AMOUNT;
      self->verdict_text = rapport_money_dialog_describe_parse_error (error, self->currency,
                                                                       &self->format);
      if (!g_error_matches (error, RAPPORT_MONEY_ERROR, RAPPORT_MONEY_ERROR_EMPTY))
        {
          icon_name = "dialog-error-symbolic";
          css_class = "error";
        }
      else
        css_class = "dim-label";
    }
  else
    {
      if (self->has_role)
        {
          action.role = self->role;
          action.kind = self->kind;
          action.amount = self->amount;
          customer_recent.entries = (const RapportPolicyEntry *) (gpointer) self->customer_recent->data;
          customer_recent.n_entries = self->customer_recent->len;
          agent_recent.entries = (const RapportPolicyEntry *) (gpointer) self->agent_recent->data;
          agent_recent.n_entries = self->agent_recent->len;
          rapport_policy_evaluate (self->policy, &action, &customer_recent, &agent_recent,
                                   self->now_us != 0 ? self->now_us : g_get_real_time (),
                                   &self->evaluation);
        }
      else
        {
          self->evaluation.verdict = RAPPORT_VERDICT_DENIED;
          self->evaluation.reason = RAPPORT_VERDICT_REASON_ROLE;
          self->evaluation.amount = self->amount;
        }

      self->valid = self->evaluation.verdict != RAPPORT_VERDICT_DENIED;
      self->verdict_text = rapport_money_dialog_describe_evaluation (&self->evaluation,
                                                                      self->kind, &self->format);
      switch (self->evaluation.verdict)
        {
        case RAPPORT_VERDICT_ALLOWED:
          icon_name = "emblem-ok-symbolic";
          css_class = "success";
          break;

        case RAPPORT_VERDICT_NEEDS_APPROVAL:
          icon_name = "dialog-warning-symbolic";
          css_class = "warning";
          break;

        case RAPPORT_VERDICT_DENIED:
        default:
          icon_name = "dialog-error-symbolic";
          css_class = "error";
          break;
        }
    }

  gtk_label_set_text (self->verdict_label, self->verdict_text);
  set_verdict_class (self, css_class);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_icon), icon_name != NULL);
  if (icon_name != NULL)
    rapport_ui_set_icon_name (self->verdict_icon, icon_name);
  /* GTK 4.8 has no announcements: the amount field describes itself with the verdict, and the
   * label is a status region. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->amount_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->verdict_text,
                                  -1);

  sync_confirm (self);

  if (old_valid != self->valid)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
  if (old_verdict != self->evaluation.verdict)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICT]);
}

static void
sync_offline (RapportMoneyDialog *self)
{
  if (self->offline || !self->unconfirmed)
    gtk_label_set_text (self->offline_label,
                        _("You are offline: this verdict is provisional. The helpdesk decides "
                          "when Rapport is back online and sends it."));
  else
    gtk_label_set_text (self->offline_label,
                        _("The helpdesk has not confirmed your limits yet: this verdict, from "
                          "its last answer, is provisional. The helpdesk decides when it gets "
                          "the request."));
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), self->offline || self->unconfirmed);
}

static void
on_amount_row_changed_cb (RapportMoneyDialog *self)
{
  update (self);
}

static void
on_reason_row_changed_cb (RapportMoneyDialog *self)
{
  sync_confirm (self);
}

/* Enter confirms once the form is complete, else goes on to the next field. */
static void
on_row_entry_activated_cb (RapportMoneyDialog *self)
{
  if (self->valid && has_reason (self))
    gtk_widget_activate_action (GTK_WIDGET (self), "money.confirm", NULL);
  else
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RapportMoneyDialog *self = RAPPORT_MONEY_DIALOG (widget);

  if (!self->valid || !has_reason (self))
    return;

  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_CONFIRMED], 0);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
}

/* ---------------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------------- */

static void
rapport_money_dialog_constructed (GObject *object)
{
  RapportMoneyDialog *self = RAPPORT_MONEY_DIALOG (object);
  g_autofree char *amount_title = NULL;
  gboolean refund = self->kind == RAPPORT_MONEY_KIND_REFUND;

  G_OBJECT_CLASS (rapport_money_dialog_parent_class)->constructed (object);

  gtk_window_set_title (GTK_WINDOW (self), refund ? _("Refund") : _("Credit"));
  /* Translators: a field's title; %s is a currency code, "USD" */
  amount_title = g_strdup_printf (_("_Amount in %s"), self->currency);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), amount_title);
  rapport_ui_set_accessible_label (GTK_WIDGET (self->amount_row), _("Amount"));
  rapport_ui_set_accessible_label (GTK_WIDGET (self->reason_row), _("Reason"));
  rapport_ui_set_accessible_label (GTK_WIDGET (self->order_row), _("Order reference"));

  update (self);
  sync_offline (self);
}

static void
rapport_money_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_MONEY_DIALOG);

  G_OBJECT_CLASS (rapport_money_dialog_parent_class)->dispose (object);
}

static void
rapport_money_dialog_finalize (GObject *object)
{
  RapportMoneyDialog *self = RAPPORT_MONEY_DIALOG (object);

  g_clear_pointer (&self->policy, rapport_policy_unref);
  g_clear_pointer (&self->customer_recent, g_array_unref);
  g_clear_pointer (&self->agent_recent, g_array_unref);
  g_free (self->verdict_text);
  g_free (self->verdict_class);

  G_OBJECT_CLASS (rapport_money_dialog_parent_class)->finalize (object);
}

static void
rapport_money_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RapportMoneyDialog *self = RAPPORT_MONEY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;

    case PROP_HAS_ROLE:
      g_value_set_boolean (value, self->has_role);
      break;

    case PROP_VERDICT:
      g_value_set_int (value, self->evaluation.verdict);
      break;

    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_money_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RapportMoneyDialog *self = RAPPORT_MONEY_DIALOG (object);
  const char *currency;

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;

    case PROP_CURRENCY:
      currency = g_value_get_string (value);
      if (currency != NULL && rapport_currency_is_known (currency))
        g_strlcpy (self->currency, currency, sizeof self->currency);
      else if (currency != NULL)
        g_critical ("Unknown currency “%s”", currency);
      break;

    case PROP_OFFLINE:
      rapport_money_dialog_set_offline (self, g_value_get_boolean (value));
      break;

    case PROP_ROLE:
      rapport_money_dialog_set_role (self, g_value_get_int (value));
      break;

    case PROP_HAS_ROLE:
      rapport_money_dialog_set_has_role (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_money_dialog_class_init (RapportMoneyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_money_dialog_constructed;
  object_class->dispose = rapport_money_dialog_dispose;
  object_class->finalize = rapport_money_dialog_finalize;
  object_class->get_property = rapport_money_dialog_get_property;
  object_class->set_property = rapport_money_dialog_set_property;

  /* Plain ints: the core enums have no registered GTypes. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      RAPPORT_MONEY_KIND_REFUND, RAPPORT_MONEY_KIND_CREDIT,
                      RAPPORT_MONEY_KIND_REFUND,
                      (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL,
                         "USD",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL,
                      RAPPORT_ROLE_AGENT, RAPPORT_ROLE_SUPERVISOR,
                      RAPPORT_ROLE_AGENT,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HAS_ROLE] =
    g_param_spec_boolean ("has-role", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VERDICT] =
    g_param_spec_int ("verdict", NULL, NULL,
                      RAPPORT_VERDICT_ALLOWED, RAPPORT_VERDICT_DENIED,
                      RAPPORT_VERDICT_DENIED,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CONFIRMED] =
    g_signal_new ("confirmed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-money-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyDialog, order_row);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyDialog, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyDialog, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, RapportMoneyDialog, offline_label);
  gtk_widget_class_bind_template_callback (widget_class, on_amount_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "money.confirm", NULL, confirm_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_money_dialog_init (RapportMoneyDialog *self)
{
  g_strlcpy (self->currency, "USD", sizeof self->currency);
  self->has_role = TRUE;
  self->role = RAPPORT_ROLE_AGENT;
  self->policy = rapport_policy_new_default ();
  self->customer_recent = g_array_new (FALSE, FALSE, sizeof (RapportPolicyEntry));
  self->agent_recent = g_array_new (FALSE, FALSE, sizeof (RapportPolicyEntry));
  rapport_money_format_init_from_locale (&self->format);

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_name_buttons_by_mnemonic (GTK_WIDGET (self));

  /* Opened by Ctrl+Shift+R or Ctrl+Shift+C, the dialog takes the amount as typed next. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->amount_row));

}

GtkWidget *
rapport_money_dialog_new (GtkWindow        *parent,
                          RapportMoneyKind  kind,
                          const char       *currency)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (currency != NULL && rapport_currency_is_known (currency), NULL);

  return g_object_new (RAPPORT_TYPE_MONEY_DIALOG,
                       "transient-for", parent,
                       "kind", kind,
                       "currency", currency,
                       NULL);
}

RapportMoneyKind
rapport_money_dialog_get_kind (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), RAPPORT_MONEY_KIND_REFUND);

  return self->kind;
}

const char *
rapport_money_dialog_get_currency (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), NULL);

  return self->currency;
}

void
rapport_money_dialog_set_policy (RapportMoneyDialog *self,
                                 RapportPolicy      *policy)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));
  g_return_if_fail (policy != NULL);

  if (self->policy == policy)
    return;

  rapport_policy_ref (policy);
  g_clear_pointer (&self->policy, rapport_policy_unref);
  self->policy = policy;
  update (self);
}

void
rapport_money_dialog_set_role (RapportMoneyDialog *self,
                               RapportRole         role)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));
  g_return_if_fail (role < RAPPORT_N_ROLES);

  if (self->role == role)
    return;

  self->role = role;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

void
rapport_money_dialog_set_has_role (RapportMoneyDialog *self,
                                   gboolean            has_role)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));

  has_role = !!has_role;
  if (self->has_role == has_role)
    return;

  self->has_role = has_role;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ROLE]);
}

static void
copy_history (GArray                     *array,
              const RapportPolicyHistory *history)
{
  g_array_set_size (array, 0);
  if (history != NULL && history->n_entries > 0)
    g_array_append_vals (array, history->entries, history->n_entries);
}

void
rapport_money_dialog_set_history (RapportMoneyDialog         *self,
                                  const RapportPolicyHistory *customer_recent,
                                  const RapportPolicyHistory *agent_recent)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));

  copy_history (self->customer_recent, customer_recent);
  copy_history (self->agent_recent, agent_recent);
  update (self);
}

void
rapport_money_dialog_set_offline (RapportMoneyDialog *self,
                                  gboolean            offline)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));

  offline = !!offline;
  if (self->offline == offline)
    return;

  self->offline = offline;
  sync_offline (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

gboolean
rapport_money_dialog_get_offline (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), FALSE);

  return self->offline;
}

void
rapport_money_dialog_set_format (RapportMoneyDialog       *self,
                                 const RapportMoneyFormat *format)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));
  g_return_if_fail (format != NULL);

  self->format = *format;
  update (self);
}

void
rapport_money_dialog_set_now (RapportMoneyDialog *self,
                              gint64              now_us)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));

  if (self->now_us == now_us)
    return;

  self->now_us = now_us;
  update (self);
}

gboolean
rapport_money_dialog_get_valid (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), FALSE);

  return self->valid;
}

RapportVerdict
rapport_money_dialog_get_verdict (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), RAPPORT_VERDICT_DENIED);

  return self->evaluation.verdict;
}

gboolean
rapport_money_dialog_get_evaluation (RapportMoneyDialog      *self,
                                     RapportPolicyEvaluation *out)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!self->parsed)
    return FALSE;

  *out = self->evaluation;
  return TRUE;
}

const char *
rapport_money_dialog_get_verdict_text (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), NULL);

  return self->verdict_text;
}

const char *
rapport_money_dialog_get_offline_text (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), NULL);

  return self->offline || self->unconfirmed ? gtk_label_get_text (self->offline_label) : NULL;
}

/**
 * rapport_money_dialog_set_unconfirmed:
 *
 * Whether the limits the verdict uses are the helpdesk's last answer, kept from an earlier
 * run and not confirmed since: the verdict is then provisional, as offline.
 */
void
rapport_money_dialog_set_unconfirmed (RapportMoneyDialog *self,
                                      gboolean            unconfirmed)
{
  g_return_if_fail (RAPPORT_IS_MONEY_DIALOG (self));

  unconfirmed = !!unconfirmed;
  if (self->unconfirmed == unconfirmed)
    return;

  self->unconfirmed = unconfirmed;
  sync_offline (self);
}

gboolean
rapport_money_dialog_get_amount (RapportMoneyDialog *self,
                                 RapportMoney       *out)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!self->parsed)
    return FALSE;

  *out = self->amount;
  return TRUE;
}

char *
rapport_money_dialog_dup_reason (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), NULL);

  return dup_trimmed (self->reason_row);
}

char *
rapport_money_dialog_dup_order_reference (RapportMoneyDialog *self)
{
  g_return_val_if_fail (RAPPORT_IS_MONEY_DIALOG (self), NULL);

  return dup_trimmed (self->order_row);
}
