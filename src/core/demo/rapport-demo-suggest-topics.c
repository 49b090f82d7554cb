/* rapport-demo-suggest-topics.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include "rapport-demo-private.h"

/* What the demo's customers write about each canned response's or article's problem, in
 * their own words (the format is in rapport-demo-private.h). Every topic has two wordings
 * that share no sentence: the history wording (even indices of subjects and openings,
 * details[0]) is what the demo workspace's customers wrote, the test wording (odd indices,
 * details[1]) is kept for evaluating the ranker on words it has not seen answered. No
 * customer sentence repeats a sentence of the candidate that answers it
 * (tests/core/demo/test-demo-suggest.c checks both). Changing any of it changes the
 * dataset and data/suggest/demo-set.json. */

const SuggestTopic _rapport_demo_suggest_topics[] = {
  /* Billing */
  { "refund-policy", 4, "Billing", { "billing", "refund", "duplicate-charge" },
    { "Charged twice for order {order}", "Double payment on my card",
      "Two payments taken for one order", "Duplicate charge on my statement" },
    { "I was charged twice for order {order}. My bank statement shows the same amount of "
      "{amount} two times.",
      "my card was debited two times for the same purchase, {amount} each, but I only "
      "ordered once.",
      "I see two identical payments of {amount} from {brand} on my account for one order. "
      "Please give me one of them back.",
      "your checkout took my money twice. There are two lines of {amount} on my banking app "
      "from the same day.",
      "the payment page froze, I clicked again and now I've paid {amount} twice for order "
      "{order}.",
      "I think you billed me double for order {order}: {amount} went out on Monday and again "
      "on Tuesday." },
    { "I only placed one order, so I'd like the extra payment returned.",
      "Can I get the second one reversed? I only bought one thing." },
    "Payment log shows two captures for order {order}. Duplicate refunded." },

  { "refund-status", 3, "Billing", { "billing", "refund" },
    { "Refund not received yet", "Where is my refund?", "Still no money back for order {order}",
      "Refund missing from my account" },
    { "you told me my refund for order {order} was on its way, but nothing has reached my "
      "account so far.",
      "I returned the {product} weeks ago and the money still hasn't shown up on my card.",
      "I was promised a refund of {amount} but my bank shows nothing yet. How long does it "
      "usually take?",
      "the refund email arrived on the {day}, yet my balance doesn't show the {amount}. Did "
      "something go wrong?",
      "it's been ten days since you confirmed my refund and my card statement still shows "
      "nothing.",
      "could you check what happened to my money back for order {order}? I can't see it "
      "anywhere." },
    { "I paid with my Visa card, if that helps.",
      "My bank says there is no incoming payment from you." },
    "Refund for order {order} left us; bank reference sent to the customer." },

  { "payment-failed", 2, "Billing", { "billing", "payment" },
    { "Payment declined", "My card was refused", "Subscription payment failed",
      "Card rejected at renewal" },
    { "I received an email saying the payment for my subscription failed, but there's "
      "plenty of money on the card.",
      "your site keeps rejecting my card even though it works fine in every other shop.",
      "the monthly payment of {amount} didn't go through and now I'm worried my account "
      "gets suspended.",
      "my {plan} renewal bounced with a 'payment declined' message. Nothing is wrong with the "
      "card as far as I know.",
      "my card got declined when you tried to take this month's fee. I have no idea why.",
      "I got a notice that you couldn't collect my fee. The card is valid until 2028." },
    { "I already tried a second time and it still fails.",
      "What do I have to do so the service doesn't stop?" },
    "Gateway response 05 (do not honour) from the issuing bank." },

  { "update-payment-method", 2, "Billing", { "billing", "payment" },
    { "New card details", "Change my payment card", "How to update my card?",
      "Replace the card on my account" },
    { "my bank sent me a new card because the old one expired. Where do I put the new "
      "number?",
      "I want future payments to come from a different card. How do I switch it?",
      "I'd like to pay with my company card from now on instead of my personal one.",
      "my old card was stolen and cancelled, so I need to give you a new one for the "
      "subscription.",
      "how can I change the credit card you charge every month?",
      "the card linked to my profile has been replaced by my bank. Can I swap in the new "
      "one?" },
    { "I couldn't find the option in the settings.",
      "I don't want to miss the next payment." },
    "Pointed the customer to the billing page; no card data by email." },

  { "invoice-copy", 2, "Billing", { "billing", "invoice" },
    { "Invoice for order {order}", "Need a copy of my invoice", "Receipt for my accountant",
      "Missing invoice" },
    { "could you send me the invoice for order {order}? My accountant needs it for the tax "
      "return.",
      "I need a PDF receipt for my last purchase for our bookkeeping, and I don't see one in "
      "my emails.",
      "I lost the invoice for my {month} payment. Can I get another copy?",
      "our finance department is asking for a proper bill for order {order}. Where can I get "
      "it?",
      "please email me a copy of invoice {invoice}, I deleted it by mistake.",
      "is it possible to get the {month} billing document again? I need it for my expense "
      "report." },
    { "It's for the company's records.", "A PDF would be perfect." },
    "Invoice {invoice} resent from the billing system." },

  { "invoice-details", 1, "Billing", { "billing", "invoice", "tax" },
    { "Wrong company name on invoice", "Add VAT number to invoice {invoice}",
      "Invoice address incorrect", "Change billing details on invoice" },
    { "the invoice {invoice} shows my private name, but it should be made out to our company. "
      "Could you fix it?",
      "our VAT ID is missing from the last bill, and without it we can't reclaim the tax.",
      "please add our tax number to invoice {invoice}. Our finance team won't accept it "
      "otherwise.",
      "the billing document has our old office address in {city}. We need it reissued with "
      "the new one.",
      "the address on invoice {invoice} is outdated. We moved last month.",
      "can you put the name of my business on the receipt instead of my own name?" },
    { "The company is {last} Consulting.",
      "Our accountant needs the corrected version this month." },
    "Invoice {invoice} reissued; credit note created for the original." },

  { "price-increase", 1, "Billing", { "billing", "pricing" },
    { "Why did my price go up?", "Higher bill this month", "Price change on my {plan} plan",
      "Unexpected increase" },
    { "my last bill was {amount}, which is more than I used to pay. Nobody told me about a "
      "price change.",
      "why am I paying more this month? My plan is the same as before.",
      "the {plan} plan suddenly costs more. When was this decided?",
      "I noticed my subscription fee went up without any warning.",
      "my monthly charge increased and I don't remember agreeing to that.",
      "is there a reason my payment is higher than in {month}?" },
    { "Is there any way to keep the old rate?", "I'd like to understand what changed." },
    "Price notice went to an old billing contact. Contact updated." },

  { "promo-code", 2, "Billing", { "billing", "promo" },
    { "Discount code not working", "Promo code {code} rejected", "Voucher won't apply",
      "Coupon problem at checkout" },
    { "I tried to use the code {code} at checkout, but it says the code is invalid.",
      "the voucher from your newsletter is refused every time I enter it in the basket.",
      "my discount code doesn't reduce the price. It just shows an error.",
      "I typed {code} in the coupon field and the total didn't change.",
      "your promotion code from the email isn't accepted on the payment page.",
      "the 20 percent off code gives me an error message when I place the order." },
    { "I'm trying to order the {product}.",
      "The offer should still be running according to your email." },
    "Code {code} checked: minimum basket not reached." },

  { "gift-card-balance", 1, "Billing", { "billing", "gift-card" },
    { "Gift card balance", "How much is left on my gift card?", "Using a gift card",
      "Gift voucher question" },
    { "I got a gift card for my birthday and I'd like to know how much is still on it.",
      "how do I pay with the voucher my sister gave me? I don't see where to enter it.",
      "could you tell me the remaining amount on my gift card? I used part of it already.",
      "I have a present card from your shop. Does it expire, and how much credit remains?",
      "what's the balance of my gift card? The number is on the back.",
      "I'd like to spend my gift voucher but I'm not sure how it works." },
    { "I used it once in {month}.", "It was bought in your shop last Christmas." },
    "Gift card balance looked up in the payment system." },

  /* Orders and shipping */
  { "shipping-delay", 4, "Shipping", { "delivery", "delay" },
    { "Where is my order {order}?", "Order {order} is late", "Delivery still hasn't arrived",
      "My parcel is overdue" },
    { "I ordered a {product} on the {day} and it still hasn't arrived. The estimated "
      "delivery date has passed.",
      "my package was supposed to be here last week and the tracking hasn't changed for "
      "days.",
      "order {order} should have been delivered by now. What's happening with it?",
      "the {carrier} tracking for order {order} has been stuck on 'in transit' since the "
      "{day}.",
      "it's been over a week and my {product} is still not here.",
      "when will my order finally arrive? It's much later than what the website said." },
    { "I need it for a birthday this weekend.",
      "I paid for fast shipping, so this is disappointing." },
    "{carrier} confirms the parcel is in their network, new estimate given." },

  { "lost-parcel", 3, "Shipping", { "delivery", "lost-parcel" },
    { "Parcel marked delivered but not received", "Tracking says delivered, nothing here",
      "Package missing", "Order {order} never reached me" },
    { "the tracking for order {order} says the parcel was delivered yesterday, but I never "
      "got it.",
      "{carrier} claims they handed over my package, yet there is nothing at my door or with "
      "my neighbours.",
      "my order shows as delivered but nobody here received anything. I was home all day.",
      "the app says my parcel was dropped off at 14:12, but it's not in my mailbox or at "
      "reception.",
      "I think my parcel was stolen or left at the wrong house. It says delivered but I don't "
      "have it.",
      "according to the tracking my box arrived on the {day}. I checked everywhere and it "
      "isn't here." },
    { "I already asked my neighbours.", "There's no delivery note either." },
    "Carrier claim opened with {carrier}, tracking {tracking}." },

  { "damaged-item", 3, "Shipping", { "damaged", "refund" },
    { "{appliance} arrived damaged", "Broken item in my parcel", "Order {order} arrived broken",
      "Item damaged in transit" },
    { "my {appliance} from order {order} arrived with a cracked casing. The box was crushed "
      "on one side.",
      "the {product} I received is broken. It looks like it was dropped during transport.",
      "when I opened the parcel, the glass was shattered and pieces were everywhere.",
      "the item came with a big dent and scratches all over. I can't give it as a present "
      "like this.",
      "the {appliance} doesn't look new at all: the lid is snapped and the box was torn open.",
      "my delivery arrived smashed. The {product} is in two pieces." },
    { "I kept all the packaging.", "I took some pictures when I unpacked it." },
    "Transport damage; replacement or refund offered, photos requested." },

  { "wrong-item", 2, "Shipping", { "delivery", "wrong-item" },
    { "Wrong item in my parcel", "Received someone else's order", "Not what I ordered",
      "Order {order}: wrong product" },
    { "I ordered a {product} but the box contained something completely different.",
      "the parcel I got today has the wrong model inside. The packing slip has another "
      "customer's name.",
      "you sent me a {appliance} instead of the {product} I paid for.",
      "what arrived is not my order. I think two packages were swapped in the warehouse.",
      "the item in the box doesn't match my order confirmation at all.",
      "I received a different colour and size from what I chose on the website." },
    { "What should I do with the item I got?", "I still need the right one quite urgently." },
    "Picking error at the warehouse; correct item sent by express." },

  { "missing-item", 2, "Shipping", { "delivery", "missing-item" },
    { "Item missing from my order", "Incomplete delivery", "Only part of order {order} arrived",
      "Something missing in the box" },
    { "my order {order} had three items but the box only had two in it. The {product} is "
      "missing.",
      "the package arrived but one of the things I paid for wasn't inside.",
      "I only received part of my order. The packing list shows the {product}, but it's not "
      "in the parcel.",
      "half of my order is missing. Is a second box coming?",
      "the {product} wasn't in the delivery even though it's on the packing slip.",
      "one article from order {order} never came, the rest was fine." },
    { "The tracking only showed one parcel.", "Everything else looked fine." },
    "Packing check: {product} not scanned at the warehouse. Sent separately." },

  { "address-change", 2, "Shipping", { "delivery", "address-change" },
    { "Change delivery address for order {order}", "Wrong address on my order",
      "New shipping address", "Please update where my order goes" },
    { "I just noticed order {order} is going to my old address. Can you change it to my new "
      "one?",
      "I moved last week and forgot to update my details before ordering. Can the parcel go "
      "to my new flat?",
      "I typed the wrong street when I placed the order. Is it still possible to fix it?",
      "could my order be sent to my office instead of my home? I'm out during the day.",
      "I need to update the shipping address on my latest order before it leaves.",
      "there's a typo in my house number on order {order}. Can you correct it before "
      "dispatch?" },
    { "The new address is in {city}.", "It hasn't shipped yet, I think." },
    "Address changed before picking; warehouse notified." },

  { "cancel-order", 2, "Shipping", { "orders", "cancel" },
    { "Cancel order {order}", "Please cancel my order", "Ordered by mistake",
      "Stop my order" },
    { "I placed order {order} by mistake this morning. Please cancel it.",
      "I changed my mind about my purchase from yesterday. Can it be stopped before it ships?",
      "I ordered the same {product} twice by accident. Please cancel one of the orders.",
      "is it too late to call off the order I made an hour ago?",
      "please cancel order {order}, I found it cheaper locally.",
      "I don't want the {product} anymore. Can you void the order?" },
    { "It hasn't been shipped yet.", "I'd like the money to go back to my card." },
    "Order {order} cancelled before picking." },

  { "return-request", 3, "Returns", { "return", "refund" },
    { "Return and refund for order {order}", "How do I return the {product}?",
      "I want to send something back", "Return request" },
    { "I would like to return the {product} from order {order}. It is unused and still in "
      "the original packaging.",
      "the {product} doesn't suit me, so I'd like to send it back for my money.",
      "how do I send back an item I don't need? I bought it two weeks ago.",
      "the size is wrong and I'd prefer a refund rather than an exchange. What's the process?",
      "I'd like to give back the {appliance}, it's too big for our kitchen.",
      "can I still bring back something I ordered on the {day}? It's never been used." },
    { "Do I need to print a label?", "Who pays for the postage?" },
    "Return label sent for order {order}." },

  { "customs-fees", 1, "Shipping", { "delivery", "customs" },
    { "Customs charges on my order", "Had to pay import tax", "Unexpected duties at delivery",
      "Extra fees from the courier" },
    { "the courier asked me to pay 35 pounds in import duties before handing over my parcel. "
      "Nobody mentioned this at checkout.",
      "I had to pay customs on delivery, which made the order much more expensive than "
      "expected.",
      "why did {carrier} charge me tax when the parcel arrived? I already paid you in full.",
      "there was an extra duty fee of {amount} to collect my package. Is that normal?",
      "I was asked for customs fees at my door. Can you cover them?",
      "the delivery man wanted money for import charges before giving me the box." },
    { "I live in Switzerland.", "I live in the UK." },
    "Import duties paid by the customer; goodwill refund once the receipt is in." },

  { "warranty-repair", 2, "Warranty", { "warranty", "repair" },
    { "{appliance} stopped working", "Broken after a few months", "Warranty claim",
      "My {appliance} is faulty" },
    { "my {appliance} worked fine for six months and now it won't turn on at all.",
      "the {product} I bought last year suddenly broke. Is it still under guarantee?",
      "the {appliance} makes a loud noise and then switches itself off. It's only eight "
      "months old.",
      "after a few weeks of use the device just died. Can it be repaired?",
      "my {appliance} has developed a fault: the display flickers and the buttons do "
      "nothing.",
      "the thing I bought from you in {month} has stopped working. What are my options?" },
    { "I bought it in {month}.", "I still have the receipt." },
    "Within warranty; collection to be booked once the serial number is in." },

  /* Accounts */
  { "password-reset", 4, "Accounts", { "account", "login" },
    { "Password reset email never arrives", "Can't reset my password", "No reset link received",
      "Forgot my password" },
    { "I've requested a password reset four times and no email arrives. Not in spam either.",
      "I forgot my login and the 'forgot password' link doesn't send me anything.",
      "I can't get into my account because I don't remember my password, and the reset mail "
      "never comes.",
      "the email to set a new password hasn't shown up, even after an hour.",
      "I clicked on reset password but I'm not receiving the link.",
      "I need a new password but your system doesn't send the message." },
    { "My address is {email}.", "I checked the junk folder too." },
    "Reset emails accepted by the recipient's server; new link sent." },

  { "two-factor-reset", 2, "Accounts", { "account", "login", "2fa" },
    { "Lost my phone, can't pass two-factor", "Locked out by 2FA",
      "New phone, no authentication codes", "Can't get the login code" },
    { "I got a new phone and my authenticator app didn't transfer the codes. Now I can't log "
      "in.",
      "my phone was stolen and with it the app that gives me the security code for signing "
      "in.",
      "I can't get past the verification step because the codes went with my old phone.",
      "I wiped my old mobile before moving the authentication app, and now every login asks "
      "for a code I don't have.",
      "the one-time code step locks me out since I changed phones.",
      "I lost access to my second factor and can't open my account anymore." },
    { "I still know my password.", "I can prove who I am if needed." },
    "Identity check requested before the 2FA reset." },

  { "account-locked", 2, "Accounts", { "account", "login", "locked" },
    { "Account locked after failed logins", "Too many login attempts", "My account is locked",
      "Blocked from signing in" },
    { "my account says it's locked because of too many failed attempts. I'm sure I used the "
      "right password.",
      "I'm blocked from logging in: the page says my account has been temporarily suspended "
      "for security reasons.",
      "after a few wrong tries the site won't let me sign in anymore.",
      "I keep getting 'account locked' even with the correct password.",
      "the login page tells me my account is locked. What do I do now?",
      "I typed my password wrong a couple of times and now I'm shut out." },
    { "It happened again this morning.", "I have to access my orders today." },
    "Failed attempts from an old mobile session with a stale password." },

  { "email-change", 1, "Accounts", { "account", "email-change" },
    { "Change my email address", "New email for my account", "Update login email",
      "Switch account to another address" },
    { "I'm changing jobs and need my account to use my personal email address instead of my "
      "work one.",
      "how do I replace the email I sign in with? I no longer use the old address.",
      "please move my account to a new email address.",
      "my login address is an old mailbox I'm closing. Can I switch it?",
      "can I update the contact email on my profile?",
      "I'd like all messages to go to a different address from now on." },
    { "The new one is {email}.", "I still have access to the old mailbox for now." },
    "Pointed to the profile page; confirmation goes to the new address." },

  { "account-deletion", 2, "Accounts", { "account", "privacy", "gdpr" },
    { "Delete my account", "Please remove my data", "Close my account",
      "GDPR erasure request" },
    { "please delete my account and everything you store about me.",
      "under the GDPR I'm asking you to erase all my personal information.",
      "I don't use your service anymore and want my profile removed permanently.",
      "I want my account closed for good, along with my order history and address.",
      "I'd like to exercise my right to be forgotten. Remove my details from your systems.",
      "how can I get rid of my account completely?" },
    { "Please confirm when it's done.", "I don't want any more emails either." },
    "Erasure request logged; invoices kept for the legal period." },

  { "data-export", 1, "Accounts", { "account", "privacy", "gdpr" },
    { "Copy of my personal data", "Data access request", "What data do you hold about me?",
      "Export my information" },
    { "I'd like a copy of all the personal data you hold about me.",
      "under data protection law, please tell me what information you keep on me and send me "
      "a copy.",
      "can I download everything my account contains, like orders and messages?",
      "I'm making a subject access request for my data.",
      "please export my personal information in a readable file.",
      "which details about me do you store? I want to see all of it." },
    { "A file I can open would be great.", "Email is fine for sending it." },
    "Access request logged; export started." },

  { "marketing-unsubscribe", 2, "Accounts", { "account", "newsletter" },
    { "Stop sending me emails", "Unsubscribe", "Too many newsletters",
      "Remove me from your mailing list" },
    { "I keep getting promotional emails from you every day. Please stop.",
      "the unsubscribe link in your newsletter doesn't work and I still receive offers.",
      "please take me off your marketing list.",
      "I never signed up for your newsletter, but it lands in my inbox every week.",
      "how do I stop all these advertising emails?",
      "I don't want any more sales messages from you." },
    { "Order emails are fine.", "I asked once before already." },
    "Removed from every marketing list." },

  /* Subscriptions */
  { "cancel-subscription", 3, "Subscriptions", { "subscription", "cancel" },
    { "Cancel my subscription", "Stop my plan", "End my membership", "Please don't renew" },
    { "please cancel my subscription before the next renewal. We're closing the shop for "
      "winter.",
      "I want to end my plan. I don't use it enough anymore.",
      "how do I stop my monthly membership? I can't find a cancel button.",
      "please make sure I'm not billed again, I'd like to quit the {plan} plan.",
      "I'd like to terminate my subscription at the end of this month.",
      "don't renew my account next month, I'm leaving." },
    { "Thanks for everything so far.", "We found a tool that fits our budget better." },
    "Cancelled at the end of the period; no retention offer wanted." },

  { "pause-subscription", 1, "Subscriptions", { "subscription", "pause" },
    { "Pause my subscription", "Skip a few months", "Going away, hold my plan",
      "Temporary stop" },
    { "I'm travelling for two months. Can I put my subscription on hold instead of "
      "cancelling?",
      "is there a way to skip the next deliveries while I'm away? I don't want to quit.",
      "can I freeze my membership for the summer?",
      "I'd like to take a break from my plan and come back in autumn.",
      "please hold my subscription until I'm back from holiday.",
      "could I suspend payments for a while without losing my account?" },
    { "I'll be back in {month}.", "I'd like to keep my settings." },
    "Pointed to the pause option." },

  { "change-plan", 2, "Subscriptions", { "subscription", "plan" },
    { "Upgrade to {plan}", "Change my plan", "Switch to a smaller plan",
      "Move us to another tier" },
    { "our team has grown and we need more seats. Could you move us to the {plan} plan?",
      "we'd like to downgrade to something cheaper, we don't need all the features.",
      "please switch my account from the monthly plan to {plan}.",
      "how do we go up a tier? We've hit the limit on users.",
      "I want to upgrade my subscription. What does it cost for the rest of the month?",
      "can we change to a different package starting now?" },
    { "We'd like the change from today.", "Will we lose any data by switching?" },
    "Plan changed to {plan}; prorated on the next invoice." },

  /* Service */
  { "outage-update", 3, "Technical", { "outage", "status" },
    { "Service down?", "Site not loading", "Can't access the platform",
      "Is something broken right now?" },
    { "nothing loads since this morning. Is the service down?",
      "the whole platform is unreachable for our team, we get an error page.",
      "your website has been giving me error {error} for the last hour.",
      "none of us can open the dashboard. Is there a problem on your side?",
      "the app and the site both stopped working at the same time. What's going on?",
      "everything times out when we try to log in. Are you having an outage?" },
    { "Our whole office is affected.", "We have a deadline today." },
    "Linked to the ongoing incident." },

  { "app-crash", 2, "Technical", { "app", "bug" },
    { "App crashes on start", "Mobile app keeps closing", "App freezes on my {device}",
      "The app won't open" },
    { "the app closes immediately every time I open it on my {device}.",
      "since the last update the mobile app shuts down as soon as I tap on my orders.",
      "your app freezes and then quits on my phone.",
      "every time I launch the app, it shows the logo and disappears.",
      "the application crashes when I try to pay in the basket.",
      "the app on my {device} keeps quitting on its own." },
    { "I already reinstalled it once.", "It used to work fine." },
    "Known crash fixed in 4.2; asked for device details if it persists." },

  /* Questions an article answers */
  { "two-factor-setup", 1, "Accounts", { "account", "2fa", "security" },
    { "How do I turn on two-step verification?", "Extra security for my account",
      "Set up login codes", "Enable 2FA" },
    { "I'd like to add more protection to my account. How do I enable the login codes?",
      "how can I activate two-step login with an authenticator app?",
      "is there a way to require a code from my phone when I sign in?",
      "my company requires 2FA on all tools. Where do I switch it on?",
      "where in the settings is the option for the security code at sign-in?",
      "I'd like to secure my login with my phone. What are the steps?" },
    { "I use Google Authenticator.", "I have an iPhone." },
    "Sent the two-step verification article." },

  { "shipping-times", 2, "Shipping", { "delivery" },
    { "How long does delivery take?", "Shipping costs", "Delivery time question",
      "When will it ship?" },
    { "how long does it usually take for an order to arrive, and what does postage cost?",
      "if I buy today, when would I receive it? I need it by next week.",
      "what are your delivery times and is shipping free?",
      "how many days does standard shipping take to {city}?",
      "do you have express shipping, and how much extra is it?",
      "before I order: how soon do you send things out?" },
    { "I'm thinking of ordering the {product}.", "It's a gift." },
    "Sent the delivery times article." },

  { "payment-methods", 1, "Billing", { "billing", "payment" },
    { "Can I pay with PayPal?", "Payment options", "Which cards do you accept?",
      "Pay by bank transfer?" },
    { "do you accept PayPal, or only credit cards?",
      "which ways of paying do you offer? I don't have a credit card.",
      "can I pay by direct debit from my bank account?",
      "is American Express accepted in your shop?",
      "what payment methods can I use at checkout?",
      "can I settle my order with a bank transfer instead of a card?" },
    { "I'd like to order today.", "It's for my business." },
    "Sent the payment methods article." },

  { "international-shipping", 1, "Shipping", { "delivery", "customs" },
    { "Do you ship to Canada?", "International delivery", "Shipping outside Europe",
      "Ordering from abroad" },
    { "do you deliver to Canada, and will I have to pay import taxes?",
      "I live in Australia. Can I order from your shop and how long would it take?",
      "do you send parcels to the United States?",
      "is it possible to get an order shipped to Norway?",
      "how long is delivery to countries outside the EU?",
      "I'm in Singapore. Do you ship here and are there duties?" },
    { "I'd like to order the {product}.", "It's a present for a friend." },
    "Sent the international shipping article." },
};

G_STATIC_ASSERT (G_N_ELEMENTS (_rapport_demo_suggest_topics) == N_SUGGEST_TOPICS);
