/* rapport-hints-en.c: the English rule tables of the hints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data only: what each table means is said in rapport-hints-private.h, and how to extend
 * them in docs/suggestions.md ("Hints").
 */

#define G_LOG_DOMAIN "rapport-hints"

#include "config.h"

#include "rapport-hints-private.h"

static const PhraseDef en_function_words[] = {
  { "a" }, { "about" }, { "all" }, { "an" }, { "and" }, { "any" }, { "are" }, { "as" },
  { "at" }, { "be" }, { "been" }, { "but" }, { "by" }, { "can" }, { "can't" }, { "could" },
  { "do" }, { "don't" }, { "for" }, { "from" }, { "get" }, { "had" }, { "has" }, { "have" },
  { "hello" }, { "here" }, { "hi" }, { "how" }, { "i" }, { "i'll" }, { "i'm" }, { "i've" },
  { "if" }, { "in" }, { "is" }, { "it" }, { "it's" }, { "just" }, { "know" }, { "let" },
  { "me" }, { "my" }, { "no" }, { "not" }, { "now" }, { "of" }, { "on" }, { "or" },
  { "our" }, { "please" }, { "so" }, { "sorry" }, { "thank" }, { "thanks" }, { "that" },
  { "the" }, { "there" }, { "they" }, { "this" }, { "to" }, { "unfortunately" }, { "up" },
  { "was" }, { "we" }, { "we'll" }, { "we're" }, { "what" }, { "when" }, { "will" },
  { "with" }, { "would" }, { "yes" }, { "you" }, { "you'll" }, { "you're" }, { "your" },
  { NULL }
};

static const PhraseDef en_greeting[] = {
  { "hi" }, { "hello" }, { "hey" }, { "dear" }, { "greetings" }, { "good morning" },
  { "good afternoon" }, { "good evening" }, { "morning" }, { NULL }
};

static const PhraseDef en_acknowledge[] = {
  { "sorry" }, { "apologise" }, { "apologize" }, { "apologies" }, { "apology" },
  { "apologising" }, { "apologizing" }, { "i understand" }, { "we understand" },
  { "i completely understand" }, { "i totally understand" }, { "i fully understand" },
  { "understandably" }, { "i can see why" }, { "i can see how" }, { "i can imagine" },
  { "i can't imagine" }, { "i hear you" }, { "frustrating" }, { "frustration" },
  { "thank you for your patience" }, { "thanks for your patience" },
  { "thank you for bearing with" }, { "thanks for bearing with" }, { "you're right" },
  { "you are right" }, { "you're absolutely right" }, { "my mistake" }, { "our mistake" },
  { "my fault" }, { "our fault" }, { "our error" }, { "shouldn't have happened" },
  { "should not have happened" }, { "not the experience" }, { "not what you expected" },
  { "regret" }, { "inconvenience" }, { "disappointing" }, { "that's not okay" },
  { "that is not okay" }, { NULL }
};

static const PhraseDef en_upset[] = {
  { "unacceptable", UPSET_STRONG }, { "not acceptable", UPSET_STRONG },
  { "ridiculous", UPSET_STRONG }, { "outrageous", UPSET_STRONG },
  { "furious", UPSET_STRONG }, { "livid", UPSET_STRONG }, { "angry", UPSET_STRONG },
  { "disgusted", UPSET_STRONG }, { "disgusting", UPSET_STRONG },
  { "appalling", UPSET_STRONG }, { "appalled", UPSET_STRONG }, { "pathetic", UPSET_STRONG },
  { "worst", UPSET_STRONG }, { "scam", UPSET_STRONG }, { "rip off", UPSET_STRONG },
  { "rip-off", UPSET_STRONG }, { "ripped off", UPSET_STRONG }, { "fed up", UPSET_STRONG },
  { "sick of", UPSET_STRONG }, { "sick and tired", UPSET_STRONG },
  { "waste of time", UPSET_STRONG }, { "wasted my time", UPSET_STRONG },
  { "how many times", UPSET_STRONG }, { "third time", UPSET_STRONG },
  { "fourth time", UPSET_STRONG }, { "fifth time", UPSET_STRONG },
  { "3rd time", UPSET_STRONG }, { "4th time", UPSET_STRONG }, { "5th time", UPSET_STRONG },
  { "lawyer", UPSET_STRONG }, { "legal action", UPSET_STRONG },
  { "never again", UPSET_STRONG }, { "useless", UPSET_STRONG },
  { "incompetent", UPSET_STRONG }, { "is a joke", UPSET_STRONG },
  { "very upset", UPSET_STRONG }, { "so frustrated", UPSET_STRONG },
  { "very frustrated", UPSET_STRONG }, { "extremely frustrated", UPSET_STRONG },
  { "frustrated", UPSET_WEAK }, { "frustrating", UPSET_WEAK },
  { "annoyed", UPSET_WEAK }, { "annoying", UPSET_WEAK }, { "upset", UPSET_WEAK },
  { "unhappy", UPSET_WEAK }, { "not happy", UPSET_WEAK }, { "disappointed", UPSET_WEAK },
  { "disappointing", UPSET_WEAK }, { "terrible", UPSET_WEAK }, { "awful", UPSET_WEAK },
  { "horrible", UPSET_WEAK }, { "unbelievable", UPSET_WEAK },
  { "still waiting", UPSET_WEAK }, { "still not", UPSET_WEAK }, { "still no", UPSET_WEAK },
  { "still haven't", UPSET_WEAK }, { "still hasn't", UPSET_WEAK },
  { "still doesn't", UPSET_WEAK }, { "still don't", UPSET_WEAK },
  { "still can't", UPSET_WEAK }, { "still isn't", UPSET_WEAK },
  { "second time", UPSET_WEAK }, { "twice", UPSET_WEAK }, { "several times", UPSET_WEAK },
  { "multiple times", UPSET_WEAK }, { "many times", UPSET_WEAK },
  { "again and again", UPSET_WEAK }, { "keeps happening", UPSET_WEAK },
  { "keep getting", UPSET_WEAK }, { "every time", UPSET_WEAK }, { "nobody", UPSET_WEAK },
  { "no one", UPSET_WEAK }, { "no response", UPSET_WEAK }, { "no reply", UPSET_WEAK },
  { "no answer", UPSET_WEAK }, { "ignored", UPSET_WEAK }, { "ignoring", UPSET_WEAK },
  { "where is my", UPSET_WEAK }, { "where's my", UPSET_WEAK },
  { "what is going on", UPSET_WEAK }, { "what's going on", UPSET_WEAK },
  { "seriously", UPSET_WEAK }, { "complaint", UPSET_WEAK }, { "asap", UPSET_WEAK },
  { "urgent", UPSET_WEAK }, { "urgently", UPSET_WEAK }, { "immediately", UPSET_WEAK },
  { "chargeback", UPSET_WEAK }, { NULL }
};

static const PhraseDef en_negative[] = {
  /* Refusals. */
  { "we can't", NEGATIVE_WE }, { "we cannot", NEGATIVE_WE }, { "we can not", NEGATIVE_WE },
  { "we are unable to", NEGATIVE_WE }, { "we're unable to", NEGATIVE_WE },
  { "we are not able to", NEGATIVE_WE }, { "we're not able to", NEGATIVE_WE },
  { "we won't", NEGATIVE_WE }, { "we will not", NEGATIVE_WE },
  { "we don't allow", NEGATIVE_WE }, { "we do not allow", NEGATIVE_WE },
  { "we don't accept", NEGATIVE_WE }, { "we do not accept", NEGATIVE_WE },
  { "we don't offer", NEGATIVE_WE }, { "we do not offer", NEGATIVE_WE },
  { "we don't support", NEGATIVE_WE }, { "we do not support", NEGATIVE_WE },
  { "there's nothing we can do", NEGATIVE_WE }, { "there is nothing we can do", NEGATIVE_WE },
  { "nothing we can do", NEGATIVE_WE }, { "it's not possible", NEGATIVE_WE },
  { "it is not possible", NEGATIVE_WE }, { "that's not possible", NEGATIVE_WE },
  { "that is not possible", NEGATIVE_WE }, { "it isn't possible", NEGATIVE_WE },
  { "it's impossible", NEGATIVE_WE }, { "it is impossible", NEGATIVE_WE },
  { "our policy doesn't allow", NEGATIVE_WE }, { "our policy does not allow", NEGATIVE_WE },
  { "it's against our policy", NEGATIVE_WE }, { "it is against our policy", NEGATIVE_WE },
  { "is not allowed", NEGATIVE_PASSIVE }, { "isn't allowed", NEGATIVE_PASSIVE },
  { "are not allowed", NEGATIVE_PASSIVE }, { "aren't allowed", NEGATIVE_PASSIVE },
  { "is not possible", NEGATIVE_PASSIVE }, { "isn't possible", NEGATIVE_PASSIVE },
  { "are not possible", NEGATIVE_PASSIVE }, { "aren't possible", NEGATIVE_PASSIVE },
  { "i can't", NEGATIVE_I }, { "i cannot", NEGATIVE_I }, { "i can not", NEGATIVE_I },
  { "i am unable to", NEGATIVE_I }, { "i'm unable to", NEGATIVE_I },
  { "i am not able to", NEGATIVE_I }, { "i'm not able to", NEGATIVE_I },
  { "i won't", NEGATIVE_I }, { "i will not", NEGATIVE_I },
  { "there's nothing i can do", NEGATIVE_I }, { "there is nothing i can do", NEGATIVE_I },
  { "nothing i can do", NEGATIVE_I },
  { "you can't", NEGATIVE_YOU }, { "you cannot", NEGATIVE_YOU },
  { "you are not allowed to", NEGATIVE_YOU }, { "you're not allowed to", NEGATIVE_YOU },
  { "you aren't allowed to", NEGATIVE_YOU },
  /* Fixed expressions with a positive twin. */
  { "don't hesitate to", NEGATIVE_REPLACE, "feel free to" },
  { "do not hesitate to", NEGATIVE_REPLACE, "feel free to" },
  { "no problem", NEGATIVE_INTERJECTION, "happy to help" },
  { "not a problem", NEGATIVE_INTERJECTION, "happy to help" },
  /* Not refusals: eagerness, empathy, and findings ("I can't find an order") that are
   * facts to report, not things the customer is refused. */
  { "we can't wait", NEGATIVE_EXCEPTION }, { "i can't wait", NEGATIVE_EXCEPTION },
  { "we cannot wait", NEGATIVE_EXCEPTION }, { "i cannot wait", NEGATIVE_EXCEPTION },
  { "i can't thank", NEGATIVE_EXCEPTION }, { "we can't thank", NEGATIVE_EXCEPTION },
  { "i can't imagine", NEGATIVE_EXCEPTION }, { "i cannot imagine", NEGATIVE_EXCEPTION },
  { "i can't believe", NEGATIVE_EXCEPTION }, { "you can't miss", NEGATIVE_EXCEPTION },
  { "i can't find", NEGATIVE_EXCEPTION }, { "we can't find", NEGATIVE_EXCEPTION },
  { "i cannot find", NEGATIVE_EXCEPTION }, { "we cannot find", NEGATIVE_EXCEPTION },
  { "i can't see", NEGATIVE_EXCEPTION }, { "we can't see", NEGATIVE_EXCEPTION },
  { "i cannot see", NEGATIVE_EXCEPTION }, { "we cannot see", NEGATIVE_EXCEPTION },
  { "i won't hesitate", NEGATIVE_EXCEPTION }, { "we won't hesitate", NEGATIVE_EXCEPTION },
  { "we won't charge", NEGATIVE_EXCEPTION }, { "you won't be charged", NEGATIVE_EXCEPTION },
  /* Conditions: the customer's situation, not a refusal ("if you can't log in, …"). */
  { "if you can't", NEGATIVE_EXCEPTION }, { "if you cannot", NEGATIVE_EXCEPTION },
  { "if we can't", NEGATIVE_EXCEPTION }, { "if we cannot", NEGATIVE_EXCEPTION },
  { "if i can't", NEGATIVE_EXCEPTION }, { "if i cannot", NEGATIVE_EXCEPTION },
  { "when you can't", NEGATIVE_EXCEPTION }, { "in case you can't", NEGATIVE_EXCEPTION },
  { NULL }
};

static const PhraseDef en_negative_prefix[] = {
  { "unfortunately" }, { "sadly" }, { "regrettably" }, { "i'm afraid" }, { "i am afraid" },
  { "i'm sorry but" }, { "sorry but" }, { NULL }
};

static const PhraseDef en_offer[] = {
  { "but we can" }, { "but i can" }, { "what we can do" }, { "what i can do" },
  { "instead" }, { "we can offer" }, { "i can offer" }, { "we'd be happy to" },
  { "i'd be happy to" }, { "alternatively" }, { "however we can" }, { "however i can" },
  { "but you can" }, { "what you can do" }, { NULL }
};

static const PhraseDef en_step[] = {
  { "will", STEP_AGENT }, { "shall", STEP_AGENT }, { "going to", STEP_AGENT },
  { "let me", STEP_AGENT }, { "let us", STEP_AGENT }, { "i've asked", STEP_AGENT },
  { "i have asked", STEP_AGENT }, { "we've asked", STEP_AGENT },
  { "i've escalated", STEP_AGENT }, { "i have escalated", STEP_AGENT },
  { "i've passed", STEP_AGENT }, { "i have passed", STEP_AGENT },
  { "i've forwarded", STEP_AGENT }, { "i have forwarded", STEP_AGENT },
  { "i've requested", STEP_AGENT }, { "i have requested", STEP_AGENT },
  { "i've scheduled", STEP_AGENT }, { "i have scheduled", STEP_AGENT },
  { "i've booked", STEP_AGENT }, { "i have booked", STEP_AGENT },
  { "i've arranged", STEP_AGENT }, { "i have arranged", STEP_AGENT },
  { "is on its way", STEP_AGENT }, { "are on their way", STEP_AGENT },
  { "please", STEP_CUSTOMER }, { "could you", STEP_CUSTOMER }, { "can you", STEP_CUSTOMER },
  { "would you", STEP_CUSTOMER }, { "let me know", STEP_CUSTOMER },
  { "let us know", STEP_CUSTOMER }, { "feel free to", STEP_CUSTOMER },
  { "you can", STEP_CUSTOMER }, { "you could", STEP_CUSTOMER },
  { "you may", STEP_CUSTOMER }, { "you'll need to", STEP_CUSTOMER },
  { "you will need to", STEP_CUSTOMER }, { "you need to", STEP_CUSTOMER },
  { "reply to this", STEP_CUSTOMER }, { "just reply", STEP_CUSTOMER },
  { "next step", STEP_CUSTOMER }, { "next steps", STEP_CUSTOMER },
  { "try again", STEP_CUSTOMER }, { "get in touch", STEP_CUSTOMER },
  { "reach out", STEP_CUSTOMER }, { "click", STEP_CUSTOMER }, { "go to", STEP_CUSTOMER },
  { "follow the link", STEP_CUSTOMER }, { "sign in", STEP_CUSTOMER },
  { "log in", STEP_CUSTOMER },
  /* Courtesy, not a step. */
  { "please find", STEP_NONE }, { "please accept", STEP_NONE },
  { "please note", STEP_NONE }, { "please be assured", STEP_NONE },
  { "will be happy to", STEP_NONE }, { "will be glad to", STEP_NONE },
  { "i'll be happy to", STEP_NONE }, { "we'll be happy to", STEP_NONE },
  { "i'll be glad to", STEP_NONE }, { "we'll be glad to", STEP_NONE },
  { "will not", STEP_NONE }, { "will never", STEP_NONE },
  { "you'll find", STEP_NONE }, { "you will find", STEP_NONE },
  { "you can't", STEP_NONE }, { "you cannot", STEP_NONE }, { "you can not", STEP_NONE },
  { NULL }
};

static const PhraseDef en_time[] = {
  { "today" }, { "tonight" }, { "tomorrow" }, { "immediately" }, { "overnight" },
  { "right away" }, { "right now" }, { "straight away" }, { "monday" }, { "tuesday" },
  { "wednesday" }, { "thursday" }, { "friday" }, { "saturday" }, { "sunday" },
  { "this morning" }, { "this afternoon" }, { "this evening" }, { "this week" },
  { "this weekend" }, { "this month" }, { "next week" }, { "next month" },
  { "over the weekend" }, { "end of day" }, { "end of the day" }, { "end of the week" },
  { "end of the month" }, { "end of business" }, { "close of business" },
  { "within the hour" }, { "within the day" }, { "within the week" }, { "by noon" },
  { "at noon" }, { "by midnight" }, { "eod" }, { "cob" }, { "later today" },
  { "in the next hour" }, { "same day" }, { "same-day" }, { NULL }
};

static const PhraseDef en_time_unit[] = {
  { "minute" }, { "minutes" }, { "min" }, { "mins" }, { "hour" }, { "hours" }, { "hr" },
  { "hrs" }, { "day" }, { "days" }, { "business day" }, { "business days" },
  { "working day" }, { "working days" }, { "weekday" }, { "weekdays" }, { "week" },
  { "weeks" }, { "month" }, { "months" }, { NULL }
};

static const PhraseDef en_time_count[] = {
  { "a" }, { "an" }, { "one" }, { "two" }, { "three" }, { "four" }, { "five" }, { "six" },
  { "seven" }, { "eight" }, { "nine" }, { "ten" }, { "twelve" }, { "fourteen" },
  { "thirty" }, { "a few" }, { "few" }, { "a couple of" }, { "couple of" }, { "several" },
  { "next few" }, { "the next few" }, { "next" }, { "the next" }, { NULL }
};

static const PhraseDef en_time_suffix[] = {
  { "h" }, { "hr" }, { "hrs" }, { "am" }, { "pm" }, { "st" }, { "nd" }, { "rd" }, { "th" },
  { "min" }, { "mins" }, { NULL }
};

static const PhraseDef en_time_after_number[] = {
  { "am" }, { "pm" }, { "a m" }, { "p m" }, { "o'clock" }, { NULL }
};

static const PhraseDef en_month[] = {
  { "january", MONTH_ALONE }, { "february", MONTH_ALONE }, { "march", MONTH_WITH_NUMBER },
  { "april", MONTH_ALONE }, { "may", MONTH_WITH_NUMBER }, { "june", MONTH_ALONE },
  { "july", MONTH_ALONE }, { "august", MONTH_ALONE }, { "september", MONTH_ALONE },
  { "october", MONTH_ALONE }, { "november", MONTH_ALONE }, { "december", MONTH_ALONE },
  { "jan", MONTH_WITH_NUMBER }, { "feb", MONTH_WITH_NUMBER }, { "mar", MONTH_WITH_NUMBER },
  { "apr", MONTH_WITH_NUMBER }, { "jun", MONTH_WITH_NUMBER }, { "jul", MONTH_WITH_NUMBER },
  { "aug", MONTH_WITH_NUMBER }, { "sep", MONTH_WITH_NUMBER }, { "sept", MONTH_WITH_NUMBER },
  { "oct", MONTH_WITH_NUMBER }, { "nov", MONTH_WITH_NUMBER }, { "dec", MONTH_WITH_NUMBER },
  { NULL }
};

static const PhraseDef en_clause_break[] = {
  { "but" }, { "however" }, { "although" }, { "though" }, { NULL }
};

/* Words of the support trade and of office speech that customers neither use nor need:
 * internal tiers and metrics, engineering terms, and corporate filler. A team replaces
 * the list with its own (docs/suggestions.md). */
static const char *const en_jargon[] = {
  "SLA", "ETA", "RMA", "RCA", "root cause", "L1", "L2", "L3", "tier 2", "tier 3",
  "P1", "P2", "sev1", "backend", "back end", "frontend", "front end", "API", "cache",
  "DNS", "SSO", "hotfix", "deploy", "deployment", "rollback", "repro", "edge case",
  "prod", "staging", "upstream", "downstream", "propagation", "dev team", "QA", "CSAT",
  "EOD", "COB", "as per", "kindly", "circle back", "touch base", "leverage", "bandwidth",
  "ping", "FYI", NULL
};

const LanguageDef _rapport_hints_english = {
  .code = "en",
  .function_words = en_function_words,
  .greeting = en_greeting,
  .acknowledge = en_acknowledge,
  .upset = en_upset,
  .negative = en_negative,
  .negative_prefix = en_negative_prefix,
  .offer = en_offer,
  .step = en_step,
  .step_suffix = "'ll",
  .time = en_time,
  .time_unit = en_time_unit,
  .time_count = en_time_count,
  .time_suffix = en_time_suffix,
  .time_after_number = en_time_after_number,
  .month = en_month,
  .clause_break = en_clause_break,
  .rewrite = {
    [NEGATIVE_WE] = "what we can do is " RAPPORT_HINTS_SLOT,
    [NEGATIVE_I] = "what I can do is " RAPPORT_HINTS_SLOT,
    [NEGATIVE_YOU] = "what you can do is " RAPPORT_HINTS_SLOT,
    [NEGATIVE_PASSIVE] = "what we can do is " RAPPORT_HINTS_SLOT,
  },
  .jargon = en_jargon,
};
