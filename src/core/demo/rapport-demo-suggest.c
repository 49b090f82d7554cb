/* rapport-demo-suggest.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include "rapport-demo-suggest.h"

#include "rapport-demo-private.h"

#include <string.h>

/* The demo helpdesk's canned responses and articles. They are written as the team would
 * write them: acknowledge, explain, say what happens next and when. The hints engine finds
 * nothing in them and every body parses as a template (tests/core/demo checks both). The
 * customers of the demo tickets describe the same problems in words of their own
 * (rapport-demo-suggest-topics.c). */

#define EMAIL_ONLY RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_EMAIL)
#define WRITTEN    (RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_EMAIL) | \
                    RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_CHAT) | \
                    RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_SOCIAL) | \
                    RAPPORT_CHANNEL_MASK (RAPPORT_CHANNEL_WEB))
#define ALL        0u


typedef struct
{
  const char *key;
  const char *title;
  const char *tags[5];
  guint       channels;
  const char *body;
  const char *short_body;
} DemoCanned;

typedef struct
{
  const char *key;
  const char *title;
  const char *tags[5];
  const char *body;
} DemoArticle;

static const DemoCanned canned[] = {
  /* Billing */
  { "refund-policy", "Refund of a duplicate or unwanted charge",
    { "billing", "refund", "duplicate-charge" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry about the duplicate charge, and thank you for pointing it out. "
    "I've checked order {{order_number|Order number}}: you were charged twice, and the "
    "second payment should never have been taken.\n\n"
    "I've refunded it in full today, to the card you paid with. "
    "Refunds reach most banks within 5 to 10 business days, and you'll get an email from us "
    "the moment it leaves our side.\n\n"
    "If the money isn't back after 10 business days, please reply to this email with a "
    "screenshot of your statement and I'll follow it up with our payment provider.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Sorry about the extra charge! I've refunded the duplicate payment on order "
    "{{order_number|Order number}} today. It reaches your card within 5 to 10 business days. "
    "Let me know if it doesn't show by then." },

  { "refund-status", "Where a refund is",
    { "billing", "refund" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for checking in about your refund. "
    "We sent it on {{refund_date|Date the refund was issued}} with the reference "
    "{{refund_reference|Refund reference}}.\n\n"
    "Banks usually take 5 to 10 business days to show a refund on a statement, sometimes as a "
    "separate line rather than a reversed payment. "
    "If you give your bank the reference above, they can trace it on their side.\n\n"
    "Please let me know if it still hasn't arrived by the end of next week, and I'll open a "
    "trace with our payment provider that same day.\n\n"
    "Kind regards,\n"
    "{{agent.first_name}}",
    "Your refund left us on {{refund_date|Date the refund was issued}} (reference "
    "{{refund_reference|Refund reference}}). Banks take 5 to 10 business days to show it. "
    "Please let me know if it hasn't arrived by then." },

  { "payment-failed", "Card declined on a payment",
    { "billing", "payment" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for letting us know, I understand it's confusing when the card works everywhere "
    "else. "
    "The decline came from your bank, which sometimes blocks a recurring payment from abroad "
    "as a precaution.\n\n"
    "Could you ask your bank to allow payments from Northwind? "
    "Once they have, I'll retry the payment for you within one business day, or you can retry "
    "it yourself under Account > Billing.\n\n"
    "Your account stays fully active for the next 7 days while this is sorted out.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "The decline came from your bank. Please ask them to allow payments from Northwind; "
    "your account stays active for 7 days." },

  { "update-payment-method", "Changing the card on file",
    { "billing", "payment" }, WRITTEN,
    "Hi {{customer.first_name}},\n\n"
    "Happy to help you change the card on your account. "
    "For your security we never take card numbers by email or chat, so the change is made on "
    "the billing page.\n\n"
    "Please sign in, go to Account > Billing > Payment method and choose Replace card. "
    "The new card is used from your next payment, and the old one is removed the same day.\n\n"
    "Let me know if the page shows an error, and I'll look into it right away.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "You can replace the card under Account > Billing > Payment method. The new card is used "
    "from your next payment." },

  { "invoice-copy", "A copy of an invoice",
    { "billing", "invoice" }, EMAIL_ONLY,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for your message. "
    "I've attached a copy of invoice {{invoice_number|Invoice number}} to this email.\n\n"
    "You can also download every invoice as a PDF at any time under Account > Billing > "
    "Invoices, including the ones from previous years.\n\n"
    "If your accounts team needs the invoices sent to another address, please reply with it "
    "and I'll add it to your account today.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    NULL },

  { "invoice-details", "Company name or VAT number on an invoice",
    { "billing", "invoice", "tax" }, EMAIL_ONLY,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for sending the details. "
    "I've updated the billing name, address and VAT number on your account, and attached the "
    "corrected invoice {{invoice_number|Invoice number}} to this email.\n\n"
    "The original invoice is now void, and every future invoice will show the new details "
    "automatically from the next billing date.\n\n"
    "Please check the attached copy and let me know within 30 days if anything else needs to "
    "change.\n\n"
    "Kind regards,\n"
    "{{agent.first_name}}",
    NULL },

  { "price-increase", "Why the price went up",
    { "billing", "pricing" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thank you for asking, and I'm sorry the change came as a surprise. "
    "Our plan prices went up on the 1st of this month, and we emailed every account owner 60 "
    "days before.\n\n"
    "If the new price doesn't suit you, you can switch to yearly billing, which keeps the old "
    "monthly rate for 12 months. "
    "Just reply to this email and I'll make the switch today.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Prices went up on the 1st of this month. You can keep the old rate for 12 months by "
    "switching to yearly billing." },

  { "promo-code", "A promo code that was refused",
    { "billing", "promo" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for getting in touch, and sorry the code gave you trouble at checkout. "
    "I've checked {{promo_code|Promo code}}: it's valid for orders over 40 euros and only for "
    "items at full price.\n\n"
    "Please try it again with a basket that meets those conditions. "
    "If your order is already placed, let me know the order number and I'll refund the "
    "difference today.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "I've checked {{promo_code|Promo code}}: it works on full-price items over 40 euros. "
    "Please try it again with that basket." },

  { "gift-card-balance", "Gift card balance",
    { "billing", "gift-card" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for your message. "
    "Your gift card has a balance of {{gift_card_balance|Remaining balance}} and is valid for "
    "two years from the day it was bought.\n\n"
    "At checkout, choose Gift card as the payment method and enter the 16-digit code. "
    "Any amount left over stays on the card for your next order.\n\n"
    "Let me know if the code is refused, and I'll check it within the day.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Your gift card holds {{gift_card_balance|Remaining balance}}. You can use it by "
    "choosing Gift card at checkout." },

  /* Orders and shipping */
  { "shipping-delay", "An order that is running late",
    { "shipping", "delivery", "delay" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "{{last_contact}}\n\n"
    "I'm sorry your order is taking longer than promised. "
    "I've checked with the carrier: the parcel is in their network and is now expected on "
    "{{delivery_date|New delivery date}}.\n\n"
    "You'll get a tracking update by email as soon as it's out for delivery. "
    "If it hasn't arrived by the end of that day, please reply here and I'll send a "
    "replacement the next morning.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Sorry for the delay! The carrier now expects your parcel on "
    "{{delivery_date|New delivery date}}. Just reply here if it isn't there by then." },

  { "lost-parcel", "Tracking says delivered, parcel not received",
    { "shipping", "delivery", "lost-parcel" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry, that's worrying, and thank you for checking with your neighbours already. "
    "I've opened a claim with the carrier under the number {{claim_number|Carrier claim "
    "number}}.\n\n"
    "They usually answer within 2 business days, with the delivery photo and GPS location. "
    "If they confirm the parcel went astray, I'll send a replacement the same day at no "
    "cost.\n\n"
    "I'll write to you as soon as I hear back.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Sorry about that! I've opened carrier claim {{claim_number|Carrier claim number}}. "
    "They answer within 2 business days, and I'll update you then." },

  { "damaged-item", "An item that arrived damaged",
    { "shipping", "damaged", "refund" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry your order arrived damaged, that's not the experience we want you to have. "
    "Could you reply with a photo of the item and one of the box?\n\n"
    "As soon as I have them, I'll ship a replacement by express the same day, or refund you "
    "in full if you prefer. "
    "There's no need to send the damaged item back.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Sorry it arrived damaged! Please send a photo of the item and the box, and I'll ship a "
    "replacement the same day." },

  { "wrong-item", "The wrong item was delivered",
    { "shipping", "wrong-item" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry for the mix-up in our warehouse. "
    "I've sent the item you ordered today by express, and you'll get its tracking number by "
    "email within 24 hours.\n\n"
    "For the item you received by mistake, I've emailed you a prepaid return label. "
    "Please drop it at any post office within the next 30 days.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Sorry for the mix-up! The right item ships today by express. Please return the other "
    "one with the prepaid label in your inbox." },

  { "missing-item", "Part of an order is missing",
    { "shipping", "missing-item" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for letting us know, and I'm sorry the parcel wasn't complete. "
    "Large orders sometimes leave our warehouse in two boxes, but I've checked and yours "
    "went out in one.\n\n"
    "I've shipped the missing item today, free of charge, and you'll get its tracking link "
    "by email within 24 hours. "
    "Please let me know if anything else was missing.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Sorry it wasn't complete! I've shipped the missing item today, free of charge. You'll "
    "get the tracking link within 24 hours." },

  { "address-change", "Changing the delivery address",
    { "shipping", "address-change" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for catching that in time. "
    "Your order hadn't left the warehouse yet, so I've changed the delivery address to "
    "{{new_address|New delivery address}}.\n\n"
    "You'll receive an updated confirmation email within the hour. "
    "Please check the address in it and reply if anything is wrong.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Done: your order will now go to {{new_address|New delivery address}}. The updated "
    "confirmation arrives within the hour." },

  { "cancel-order", "Cancelling an order",
    { "orders", "cancel" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for letting us know. "
    "I've cancelled order {{order_number|Order number}} before it was packed, so nothing will "
    "be shipped.\n\n"
    "The full amount goes back to your original payment method, and most banks show it within "
    "5 business days. "
    "You'll get a cancellation email from us today.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Order {{order_number|Order number}} is cancelled. The full amount is back on your card "
    "within 5 business days, and you'll get a confirmation email today." },

  { "return-request", "Returning an item",
    { "returns", "refund" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Happy to help with your return. "
    "You can send back any unused item within 30 days of delivery, and I've just emailed you a "
    "prepaid return label.\n\n"
    "Please pack the item in its original box and drop it at any parcel shop. "
    "Once our warehouse has checked it, the refund is issued within 3 business days, and "
    "you'll get an email when it is.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Sure! I've emailed you a prepaid return label. Please drop the parcel at any parcel "
    "shop; the refund follows within 3 business days of it reaching us." },

  { "customs-fees", "Import duties on an international order",
    { "shipping", "customs" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry about the surprise at the door. "
    "Orders shipped outside the EU may be charged import duties by the destination country, "
    "and these are collected by the carrier, not by us.\n\n"
    "Please send me a photo of the carrier's receipt. "
    "As a gesture of goodwill I'll refund the fees you paid within 3 business days of "
    "receiving it.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Import duties are collected by the carrier. Send me a photo of their receipt and I'll "
    "refund the fees within 3 business days." },

  { "warranty-repair", "A product that stopped working",
    { "warranty", "repair" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry it stopped working. "
    "Every product we sell has a two-year warranty, and yours is well within it.\n\n"
    "Please reply with the serial number from the label underneath and a short video of the "
    "fault. "
    "I'll then arrange a free collection, and the repaired or replaced product is usually back "
    "with you within 10 business days.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Sorry it stopped working! It's under our two-year warranty. Please send the serial "
    "number and a short video of the fault." },

  /* Accounts */
  { "password-reset", "Password reset email not arriving",
    { "account", "login" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Sorry you're locked out. "
    "I've just sent a new reset link to the address on your account; it works for 2 hours.\n\n"
    "If it isn't in your inbox within a few minutes, please check the spam folder and any "
    "filters your company's mail server uses. "
    "You can also reply with another address and I'll send the link there.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "I've sent a new reset link to your account's address. It works for 2 hours, so please "
    "check your spam folder too." },

  { "two-factor-reset", "Lost access to the two-factor device",
    { "account", "login", "2fa" }, EMAIL_ONLY,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry you're locked out, and I understand how stressful that is. "
    "To keep your account safe, I need to confirm it's you before I turn off two-step "
    "verification.\n\n"
    "Please reply from the email address on the account with the last four digits of the card "
    "you pay with and the date of your latest invoice. "
    "Once they match, I'll reset the second step within one business day, and you can set it "
    "up again on your new phone.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    NULL },

  { "account-locked", "Account locked after failed sign-ins",
    { "account", "login", "locked" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for reaching out. "
    "Your account was locked as a precaution after several failed sign-ins, often from an "
    "old app or browser tab that still has a previous password saved.\n\n"
    "I've unlocked it now. "
    "Please sign out of the app on your other devices and sign in again with your current "
    "password. "
    "If it locks again today, let me know and I'll reset your sessions straight away.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "I've unlocked your account. Please sign in again on your other devices with your current "
    "password." },

  { "email-change", "Changing the account's email address",
    { "account", "email-change" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Happy to help. "
    "You can change the address yourself under Account > Profile > Email, and we'll send a "
    "confirmation link to the new address.\n\n"
    "The change takes effect as soon as you click that link, and your orders, invoices and "
    "subscription all move with it. "
    "The link stays valid for 24 hours.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "You can change it under Account > Profile > Email. Click the link we send to the new "
    "address within 24 hours." },

  { "account-deletion", "Deleting an account and its data",
    { "account", "privacy", "gdpr" }, EMAIL_ONLY,
    "Hi {{customer.first_name}},\n\n"
    "Thank you for your request, and I'm sorry to see you go. "
    "I've scheduled the deletion of your account and the personal data linked to it.\n\n"
    "The deletion is complete within 30 days, as data protection law requires, and I'll "
    "confirm by email when it's done. "
    "Invoices are the one exception: we must keep them for 10 years for tax purposes.\n\n"
    "If you change your mind in the next 7 days, just reply to this email and I'll stop it.\n\n"
    "Kind regards,\n"
    "{{agent.first_name}}",
    NULL },

  { "data-export", "A copy of the customer's personal data",
    { "account", "privacy", "gdpr" }, EMAIL_ONLY,
    "Hi {{customer.first_name}},\n\n"
    "Thank you for your request. "
    "I've started an export of everything we hold about you: profile, orders, messages and "
    "marketing preferences.\n\n"
    "You'll receive a download link at this address within 5 business days, well inside the "
    "legal limit of one month. "
    "The link stays valid for 7 days, so please save the file once it arrives.\n\n"
    "Kind regards,\n"
    "{{agent.first_name}}",
    NULL },

  { "marketing-unsubscribe", "Stopping marketing emails",
    { "account", "newsletter" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Sorry for the unwanted emails. "
    "I've removed your address from all our marketing lists.\n\n"
    "A newsletter already scheduled may still reach you in the next 48 hours, and after that "
    "you'll only get emails about your orders and your account. "
    "You can change these preferences at any time under Account > Notifications.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Done: you're off all our marketing lists. One last newsletter may still arrive within "
    "48 hours. You can manage this under Account > Notifications." },

  /* Subscriptions */
  { "cancel-subscription", "Cancelling a subscription",
    { "subscription", "cancel" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for letting us know, and I'm sorry to see you go. "
    "I've cancelled your subscription, so you won't be charged again.\n\n"
    "You keep full access until the end of the current billing period, on "
    "{{period_end|End of the billing period}}. "
    "Your data stays available for 90 days after that, in case you come back.\n\n"
    "If there's anything we could have done better, just reply to this email; I read every "
    "answer.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Your subscription is cancelled, and you won't be charged again. Access continues until "
    "{{period_end|End of the billing period}}." },

  { "pause-subscription", "Pausing a subscription",
    { "subscription", "pause" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Happy to help. "
    "You can pause your subscription for 1, 2 or 3 months under Account > Subscription > "
    "Pause, and no payment is taken while it's paused.\n\n"
    "Your deliveries stop from the next cycle, and everything restarts automatically at the "
    "end of the pause. "
    "We'll send you a reminder email 3 days before it does.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "You can pause for 1, 2 or 3 months under Account > Subscription > Pause. No payment is "
    "taken meanwhile." },

  { "change-plan", "Switching to another plan",
    { "subscription", "plan" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for your message. "
    "I've moved your account to the {{plan_name|New plan}} plan, effective today.\n\n"
    "The difference for the rest of this billing period is worked out to the day and shows "
    "on your next invoice, so there's nothing to pay now. "
    "Please let me know if your team needs anything set up on the new plan.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Done: you're on the {{plan_name|New plan}} plan from today. The difference shows on "
    "your next invoice. Let me know if you need anything set up." },

  /* Service */
  { "outage-update", "A service disruption",
    { "outage", "status" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "I'm sorry for the disruption, and thank you for reporting it. "
    "We're aware that the service is down for some customers, and our engineers are working "
    "on it now.\n\n"
    "You can follow every update at https://status.example.com. "
    "I'll also write to you here as soon as it's fixed, and at the latest within 2 hours "
    "with news.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Sorry for the disruption! We're working on it now. Updates are at "
    "https://status.example.com, and I'll write again within 2 hours." },

  { "app-crash", "The mobile app crashes",
    { "app", "bug" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for reporting this, and sorry the app keeps closing on you. "
    "Version 4.2 fixed the most common crash when opening it, so please update it from your "
    "app store first.\n\n"
    "If it still crashes, please sign out, restart your phone and sign in again. "
    "Should it carry on after that, reply with your phone model and system version, and I'll "
    "pass it to our app team the same day.\n\n"
    "Best regards,\n"
    "{{agent.first_name}}",
    "Sorry about the crashes! Please update the app to version 4.2, then restart your phone "
    "and sign in again." },

  { "closing-check-in", "Closing check-in",
    { "follow-up" }, ALL,
    "Hi {{customer.first_name}},\n\n"
    "Thanks for your patience while we looked into this. "
    "I believe everything is sorted now, so I'll close this request (#{{ticket.id}}) in 3 "
    "days.\n\n"
    "If anything is still not right, just reply to this email and it reopens straight away.\n\n"
    "Best,\n"
    "{{agent.first_name}}",
    "Glad that's sorted! Just reply here within 3 days if anything still needs a look." },
};

static const DemoArticle articles[] = {
  { "refund-times", "How long does a refund take?",
    { "billing", "refund" },
    "Refunds go back to the payment method you used. "
    "Most banks show them within 5 to 10 business days of our confirmation email.\n\n"
    "Card refunds sometimes appear as a separate line rather than as a reversed payment. "
    "PayPal refunds usually arrive within 24 hours.\n\n"
    "If your refund hasn't arrived after 10 business days, please contact us with your order "
    "number. We'll trace it with our payment provider within 2 business days." },

  { "returns-guide", "Returning an item",
    { "returns", "refund" },
    "You can return any unused item within 30 days of delivery for a full refund. "
    "The return label is free.\n\n"
    "To start a return, sign in and go to Orders, choose the order and click Return an "
    "item. "
    "Print the prepaid label, pack the item in its original box and drop it at any parcel "
    "shop.\n\n"
    "We check every return within 3 business days of receiving it, then refund you and send a "
    "confirmation email." },

  { "shipping-times", "Delivery times and costs",
    { "shipping", "delivery" },
    "Orders placed before 2 pm on a weekday leave our warehouse the same day. "
    "Standard delivery takes 2 to 4 business days and is free over 40 euros; express "
    "delivery takes 1 business day.\n\n"
    "You'll find the delivery estimate for your order in the confirmation email and under "
    "Orders in your account. "
    "Please allow 2 extra days around public holidays." },

  { "track-order", "Tracking your order",
    { "shipping", "delivery", "tracking" },
    "You'll get a tracking link by email as soon as your parcel leaves our warehouse. "
    "That's usually within 24 hours of your order.\n\n"
    "You can also follow it under Orders in your account. "
    "Tracking can take up to 12 hours to show the first scan after the carrier collects the "
    "parcel.\n\n"
    "If the tracking hasn't moved for 3 business days, please contact us and we'll check with "
    "the carrier." },

  { "international-shipping", "Shipping outside the EU",
    { "shipping", "customs" },
    "We ship to 40 countries outside the EU, and international delivery takes 5 to 10 "
    "business days.\n\n"
    "Import duties and taxes may be charged by the destination country when the parcel "
    "arrives. "
    "The carrier collects them, and the amount depends on your country's rules.\n\n"
    "Please check your country's customs limits before you order, or contact us for help with "
    "a large order." },

  { "password-help", "Resetting your password",
    { "account", "login" },
    "If you forgot your password, click Forgot password on the sign-in page and enter your "
    "email address. "
    "We send a reset link at once, and it works for 2 hours.\n\n"
    "If the email doesn't arrive within 10 minutes, please check your spam folder. "
    "Company mail servers sometimes hold automatic emails, so you can ask your IT team to allow "
    "mail from help.example.com.\n\n"
    "Still stuck? Contact us and we'll send the link by hand." },

  { "two-factor-setup", "Setting up two-step verification",
    { "account", "2fa", "security" },
    "Two-step verification protects your account with a code from your phone in addition to "
    "your password.\n\n"
    "To turn it on, go to Account > Security and click Turn on two-step verification. "
    "Scan the code with an authenticator app and enter the 6-digit code it shows. "
    "Then save the backup codes somewhere safe.\n\n"
    "If you change phones, please move your authenticator app before you reset the old "
    "phone." },

  { "manage-subscription", "Changing, pausing or cancelling your subscription",
    { "subscription" },
    "You can change, pause or cancel your subscription at any time under Account > "
    "Subscription, with no fee.\n\n"
    "A plan change takes effect at once and the difference shows on your next invoice. "
    "A pause lasts 1 to 3 months. "
    "After a cancellation you keep access until the end of the billing period you paid for.\n\n"
    "Please contact us if you'd like help choosing a plan." },

  { "invoices-and-vat", "Invoices, company details and VAT",
    { "billing", "invoice", "tax" },
    "Every invoice is available as a PDF under Account > Billing > Invoices, from the day of "
    "the payment.\n\n"
    "To show your company name, address or VAT number on invoices, add them under Account > "
    "Billing > Company details. "
    "New invoices use them from the next payment.\n\n"
    "For an invoice that was already issued, please contact us and we'll reissue it within 2 "
    "business days." },

  { "payment-methods", "Accepted payment methods",
    { "billing", "payment" },
    "We accept Visa, Mastercard, American Express, PayPal and SEPA direct debit.\n\n"
    "You can change your payment method at any time under Account > Billing > Payment method. "
    "The new method is used from your next payment.\n\n"
    "If a payment is declined, we try again after 3 days and email you each time. "
    "Your account stays active for 7 days while you update the card." },

  { "privacy-and-deletion", "Your data: copies and deletion",
    { "account", "privacy", "gdpr" },
    "You can ask for a copy of your personal data, or for its deletion, at any time. "
    "We answer every request within one month, as data protection law requires.\n\n"
    "To ask, please write to us from the email address on your account. "
    "A data export arrives as a download link within 5 business days. "
    "A deletion is complete within 30 days; invoices are kept for 10 years for tax "
    "purposes." },

  { "gift-cards-and-codes", "Gift cards and promo codes",
    { "billing", "promo", "gift-card" },
    "Gift cards are valid for 2 years and can pay for all or part of an order. "
    "Promo codes apply to full-price items, and each code has its own minimum order.\n\n"
    "Enter a gift card or a promo code on the payment step of the checkout. "
    "Only one promo code can be used per order, while gift cards can be combined.\n\n"
    "If a code is refused, please contact us with the code and we'll check it within one "
    "business day." },

  { "app-troubleshooting", "Fixing problems with the mobile app",
    { "app", "bug" },
    "Most problems with the app are fixed by updating it to the latest version from your app "
    "store.\n\n"
    "If the app still closes or freezes, please sign out, restart your phone and sign in "
    "again. "
    "Reinstalling the app is safe: your orders and settings are kept in your account.\n\n"
    "If none of this helps, contact us with your phone model and system version. "
    "We'll reply within one business day." },

  { "service-status", "Service status and outages",
    { "outage", "status" },
    "Our status page at https://status.example.com shows the state of every part of the "
    "service. During an incident, it's updated every 30 minutes.\n\n"
    "You can subscribe to updates by email or text message on that page. "
    "After a major outage we publish a report within 5 business days.\n\n"
    "Please contact us if the status page shows no incident but the service isn't working for "
    "you." },

  { "warranty", "Warranty and repairs",
    { "warranty", "repair" },
    "Every product we sell has a two-year warranty from the date of delivery, covering "
    "faults in materials and manufacture.\n\n"
    "To use the warranty, please contact us with the serial number and a short description "
    "or video of the fault. "
    "We collect the product for free and repair or replace it within 10 business days.\n\n"
    "Accidental damage is covered by the optional care plan only." },
};

static void
add_candidate (GPtrArray            *out,
               RapportCandidateKind  kind,
               const char           *prefix,
               const char           *key,
               const char           *title,
               const char * const   *tags,
               guint                 channels,
               const char           *body,
               const char           *short_body,
               const char           *url)
{
  RapportCandidate *candidate = rapport_candidate_new (kind, key, title, body);
  g_autofree char *remote_id = g_strconcat (prefix, key, NULL);

  rapport_candidate_set_remote (candidate, 0, remote_id);
  rapport_candidate_set_tags (candidate, tags);
  rapport_candidate_set_channels (candidate, channels);
  if (short_body != NULL)
    rapport_candidate_set_short_body (candidate, short_body);
  if (url != NULL)
    rapport_candidate_set_url (candidate, url);
  g_ptr_array_add (out, candidate);
}

gboolean
_rapport_demo_suggest_find (const char            *key,
                            RapportChannel         channel,
                            RapportCandidateKind  *kind,
                            const char           **body,
                            guint                 *channels)
{
  gboolean short_channel = channel == RAPPORT_CHANNEL_CHAT || channel == RAPPORT_CHANNEL_SOCIAL;

  for (guint i = 0; i < G_N_ELEMENTS (canned); i++)
    if (strcmp (canned[i].key, key) == 0)
      {
        *kind = RAPPORT_CANDIDATE_CANNED;
        *channels = canned[i].channels;
        *body = short_channel && canned[i].short_body != NULL ? canned[i].short_body
                                                              : canned[i].body;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (articles); i++)
    if (strcmp (articles[i].key, key) == 0)
      {
        *kind = RAPPORT_CANDIDATE_ARTICLE;
        *channels = ALL;
        *body = articles[i].body;
        return TRUE;
      }
  return FALSE;
}

GPtrArray *
rapport_demo_suggest_candidates (void)
{
  GPtrArray *out = g_ptr_array_new_full (G_N_ELEMENTS (canned) + G_N_ELEMENTS (articles),
                                         g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (canned); i++)
    {
      const DemoCanned *c = &canned[i];

      add_candidate (out, RAPPORT_CANDIDATE_CANNED, "demo-canned-", c->key, c->title,
                     c->tags, c->channels, c->body, c->short_body, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (articles); i++)
    {
      const DemoArticle *a = &articles[i];
      g_autofree char *url = g_strconcat (DEMO_HELP_URL, a->key, NULL);

      add_candidate (out, RAPPORT_CANDIDATE_ARTICLE, "demo-article-", a->key, a->title,
                     a->tags, ALL, a->body, NULL, url);
    }
  return out;
}
