/**
 * What requesters write about, per case type: themes, each with its tag, subject lines and message bodies. `{slot}`
 * placeholders are filled from SLOTS when the pools are built, so thousands of tickets read differently without any
 * string work per ticket. Sensitive case types have no themes here on purpose: their text is a placeholder (texts.ts).
 */

export interface ThemeSpec {
  /** The tag every ticket of this theme carries, so tags and text agree. */
  tag: string
  subjects: readonly string[]
  bodies: readonly string[]
}

export const SLOTS: Record<string, readonly string[]> = {
  device: ['iPhone 15', 'iPhone 12', 'Pixel 8', 'Galaxy S23', 'Galaxy A54', 'Redmi Note 12', 'iPad', 'a web browser'],
  days: ['2', '3', '5', '7', '10', '14'],
  count: ['3', '5', '10', '20'],
  coins: ['70', '350', '700', '1,400', '3,500', '7,000'],
  amount: ['$42.18', '$120.00', '$310.55', '$1,250.00', '€85.40', '£64.00', 'R$ 640,00'],
  gift: ['Rose', 'Galaxy', 'Lion', 'Rocket', 'Heart Me', 'Universe'],
  item: ['phone case', 'pair of sneakers', 'skincare set', 'hoodie', 'pair of earbuds', 'ring light'],
  content: ['cooking tutorial', 'dance video', 'travel vlog', 'product review', 'comedy skit', 'makeup tutorial'],
  reason: ['spam', 'misleading content', 'integrity and authenticity', 'dangerous activities', 'harassment'],
  adreason: ['misleading claims', 'a restricted product', 'an unclear landing page', 'low-quality creative'],
  feature: ['LIVE', 'the camera', 'drafts', 'the inbox', 'search', 'the For You feed'],
  version: ['40.8.2', '40.9.0', '41.0.1', '41.1.3'],
}

export const THEMES: Record<string, readonly ThemeSpec[]> = {
  account_recovery: [
    {
      tag: '2fa',
      subjects: [
        "Can't log in — 2FA code never arrives",
        '2FA code not arriving on {device}',
        'Locked out: verification code never comes',
      ],
      bodies: [
        "I'm trying to log in on {device} but the 2FA code never arrives. I've asked for a new one {count} times.",
        "The verification SMS never comes, so I've been locked out of my account for {days} days.",
      ],
    },
    {
      tag: 'hacked_account',
      subjects: [
        'My account was hacked and the email changed',
        'Someone changed my password and email',
        'Hacked account — please help me get back in',
      ],
      bodies: [
        'Someone logged into my account and changed the email and password. Reset codes go to their email, not mine.',
        "I got a login alert from a device I don't own ({device}) and now my password doesn't work.",
      ],
    },
    {
      tag: 'password_reset',
      subjects: [
        'Password reset email never arrives',
        'Reset link says it expired',
        'Password reset not working on {device}',
      ],
      bodies: [
        "I've requested a password reset {count} times and no email arrives, not even in spam.",
        'Every reset link I open on {device} says it has expired or is invalid.',
      ],
    },
    {
      tag: 'phone_number_change',
      subjects: ['Lost access to the phone number on my account', 'New phone number, cannot verify my login'],
      bodies: ["I changed my phone number and can't receive the login code anymore. My email still works."],
    },
  ],
  ban_appeal: [
    {
      tag: 'wrongful_ban',
      subjects: [
        'My account was banned by mistake',
        'Appeal: permanent ban on my account',
        'Banned for {reason} but I broke no rules',
      ],
      bodies: [
        'My account was banned yesterday for {reason}, but I never posted anything like that. Please review my appeal.',
        "I've had this account for years with no warnings and it was suddenly banned for {reason}.",
      ],
    },
    {
      tag: 'live_ban',
      subjects: ['LIVE access banned for {days} days', "Can't go LIVE — restriction says {reason}"],
      bodies: ["I can't go LIVE for {days} days because of {reason}. I think it was a mistake, LIVE is how I earn."],
    },
    {
      tag: 'age_verification',
      subjects: ["Account banned as underage but I'm an adult", "Age check ban — I'm over 18"],
      bodies: ['My account was suspended because the system thinks I am too young. I can send ID to prove my age.'],
    },
  ],
  content_removal_appeal: [
    {
      tag: 'video_removed',
      subjects: [
        'My video was removed for {reason}',
        'Video taken down — please review',
        'Why was my {content} removed?',
      ],
      bodies: [
        "My {content} was removed for {reason}, but it's nothing like that. Please restore it.",
        'A video with a lot of views was taken down this morning. The notice says {reason}.',
      ],
    },
    {
      tag: 'strike',
      subjects: ['Strike on my account for a video that broke no rules', 'Community guidelines strike — appeal'],
      bodies: ['I received a strike for my {content}. I read the guidelines and I don’t see what it broke.'],
    },
    {
      tag: 'sound_muted',
      subjects: ['Sound muted on my {content}', 'Audio removed from my post'],
      bodies: ['The sound on my {content} was muted for copyright, but it is my own original music.'],
    },
  ],
  live_gifts_coins: [
    {
      tag: 'coins_missing',
      subjects: [
        "Bought {coins} coins but balance didn't update",
        'Charged {amount} but no coins received',
        'Missing coins after top-up on {device}',
      ],
      bodies: [
        "I bought {coins} coins on {device} and was charged {amount}, but my balance didn't change.",
        'My coin recharge went through at the bank ({amount}) but the coins never showed up.',
      ],
    },
    {
      tag: 'gift_refund',
      subjects: ['Sent a {gift} by mistake — can I get a refund?', 'Wrong gift sent during a LIVE'],
      bodies: ['I tapped the {gift} by accident during a LIVE and lost {coins} coins. Can this be reversed?'],
    },
    {
      tag: 'diamonds_missing',
      subjects: ['LIVE gift diamonds not showing in my balance', 'Diamonds from my LIVE are missing'],
      bodies: ["I'm a creator and the diamonds from gifts in my LIVE {days} days ago don't show in my balance."],
    },
    {
      tag: 'recharge_failed',
      subjects: ['Coin recharge failed but money was taken', 'Payment declined for coins but I was charged'],
      bodies: ['The app said my payment for {coins} coins failed, but {amount} left my account.'],
    },
  ],
  creator_payouts: [
    {
      tag: 'payout_delay',
      subjects: [
        'Payout still pending after {days} days',
        'Creator Rewards payout not received',
        'Withdrawal stuck in processing',
      ],
      bodies: [
        'My withdrawal of {amount} has been pending for {days} days. The portal only says processing.',
        'I was told payouts arrive in 3 business days, it has been {days} and nothing has arrived.',
      ],
    },
    {
      tag: 'tax_form',
      subjects: ['Tax form rejected, cannot withdraw', 'Tax information keeps failing validation'],
      bodies: ['The portal keeps rejecting my tax form, so my {amount} balance is blocked from withdrawal.'],
    },
    {
      tag: 'rewards_eligibility',
      subjects: ['Removed from Creator Rewards without a reason', 'Videos marked not eligible for rewards'],
      bodies: ['My last {count} videos show "not eligible" for rewards even though they are over a minute long.'],
    },
    {
      tag: 'payout_amount',
      subjects: ['Payout lower than the dashboard estimate', 'Estimated rewards dropped overnight'],
      bodies: ['The dashboard estimated {amount} for last month but the payout was much lower.'],
    },
  ],
  copyright: [
    {
      tag: 'copyright_claim',
      subjects: ['Copyright claim on my original video', 'False copyright claim on my {content}'],
      bodies: ['My {content} got a copyright claim, but I filmed and edited everything myself.'],
    },
    {
      tag: 'reupload',
      subjects: ['Someone reuploaded my video without permission', 'My content is being reposted by another account'],
      bodies: ['An account is reposting my videos, {count} so far, without credit. I want them taken down.'],
    },
    {
      tag: 'music_license',
      subjects: ['Can I use this song in my videos?', 'Music licensing question for my channel'],
      bodies: ['I want to use a popular song in my {content}. Which sounds are licensed for creators?'],
    },
  ],
  harassment: [
    {
      tag: 'bullying',
      subjects: [
        'Being bullied in my comments',
        'Group of accounts targeting me',
        'Mean comments on every video I post',
      ],
      bodies: ['The same {count} accounts comment insults on every video I post. Blocking them does not help.'],
    },
    {
      tag: 'unwanted_contact',
      subjects: ['Someone keeps messaging me after I blocked them', 'New accounts keep contacting me'],
      bodies: ['I blocked an account and now they create new ones to message me. This has happened {count} times.'],
    },
    {
      tag: 'personal_info_shared',
      subjects: ['Someone posted my personal information', 'Video shares my school and city'],
      bodies: ['An account posted a video that shows my school and the city I live in. Please remove it.'],
    },
  ],
  privacy_data_request: [
    {
      tag: 'data_download',
      subjects: ['Request a copy of my data', 'Data download file never arrives', 'Data access request under GDPR'],
      bodies: ['I requested my data {days} days ago and the download is still not ready.'],
    },
    {
      tag: 'account_deletion',
      subjects: ['Delete my account and all my data', 'Deletion request for my old account'],
      bodies: ["I want my old account and all its data deleted. I can't log in to it anymore."],
    },
    {
      tag: 'consent_removal',
      subjects: ['Video of me posted without my consent', 'Please remove a video that shows me'],
      bodies: ['Someone posted a video of me without asking. I did not agree to be filmed.'],
    },
  ],
  verification: [
    {
      tag: 'verification_rejected',
      subjects: ['Verification request rejected again', 'Why was my verification denied?'],
      bodies: ['My verification was rejected {count} times. I have press coverage and a large following.'],
    },
    {
      tag: 'business_verification',
      subjects: ['Business account verification stuck in review', 'Business verification pending for {days} days'],
      bodies: ['We submitted our business documents {days} days ago and the status is still "in review".'],
    },
    {
      tag: 'badge_lost',
      subjects: ['Lost my verified badge after changing username', 'Verified badge disappeared'],
      bodies: ['I changed my username and the verified badge disappeared from my profile.'],
    },
  ],
  ads_billing: [
    {
      tag: 'double_charge',
      subjects: ['Charged twice for the same ad campaign', 'Unexpected ad charge of {amount}'],
      bodies: ['Our card was charged {amount} twice for one campaign. Please refund the duplicate.'],
    },
    {
      tag: 'ad_rejected',
      subjects: ['Ad rejected without a clear reason', 'Ad disapproved for {adreason}'],
      bodies: ['Our ad for a {item} was rejected for {adreason}. We changed nothing from the approved version.'],
    },
    {
      tag: 'invoice',
      subjects: ['Need an invoice with our VAT number', 'Invoice missing for last month'],
      bodies: ['Our finance team needs last month’s invoice with the VAT number on it.'],
    },
    {
      tag: 'card_declined',
      subjects: ['Card declined in Ads Manager', 'Cannot add a payment method for ads'],
      bodies: ['Every card we add in Ads Manager is declined, but the bank says there is no problem.'],
    },
  ],
  bug_crash: [
    {
      tag: 'app_crash',
      subjects: [
        'App crashes when I open {feature}',
        'App keeps closing on {device}',
        'Crash after updating to {version}',
      ],
      bodies: ['The app closes every time I open {feature} on {device}. I already reinstalled it.'],
    },
    {
      tag: 'upload_failed',
      subjects: ['Video upload stuck at 99%', 'Uploads fail on {device}'],
      bodies: ['My uploads stop at 99% and then fail. I tried Wi-Fi and mobile data on {device}.'],
    },
    {
      tag: 'playback',
      subjects: ['Videos freeze but the audio keeps playing', 'Black screen when playing videos'],
      bodies: ['Since version {version}, videos freeze after a few seconds while the sound keeps going.'],
    },
    {
      tag: 'notifications',
      subjects: ['Not getting any notifications', 'Notifications stopped after the update'],
      bodies: ['I stopped getting notifications {days} days ago. They are enabled in the settings of {device}.'],
    },
  ],
  spam_scam: [
    {
      tag: 'phishing',
      subjects: ['DM pretending to be support asked for my password', 'Fake verification link in my messages'],
      bodies: ['An account called "Support Team" messaged me a link asking for my password and login code.'],
    },
    {
      tag: 'fake_giveaway',
      subjects: ['Scam giveaway asking for a payment', 'Fake investment offer in my comments'],
      bodies: ['An account says I won a {item} but I have to pay {amount} for shipping first. Looks like a scam.'],
    },
    {
      tag: 'spam_bots',
      subjects: ['Bot accounts spamming my comments', 'Spam follow requests from bots'],
      bodies: ['I get {count} spam comments with the same link on every video.'],
    },
  ],
  impersonation: [
    {
      tag: 'fake_account',
      subjects: [
        'Someone is impersonating me',
        'Fake account using my photos and name',
        'Account pretending to be my brand',
      ],
      bodies: ['An account uses my name and photos and messages my followers. I have {count} reports from friends.'],
    },
    {
      tag: 'creator_impersonation',
      subjects: ['Fake account impersonating a creator asks for money', 'Copy of my account asks fans for gifts'],
      bodies: ['A copy of my account goes LIVE and asks my fans to send gifts. It is not me.'],
    },
  ],
  shop_orders: [
    {
      tag: 'order_not_received',
      subjects: ['Order not received after {days} days', 'Package shows delivered but never arrived'],
      bodies: ['I ordered a {item} {days} days ago. Tracking says delivered but I never got it.'],
    },
    {
      tag: 'refund',
      subjects: ['Refund not processed for returned {item}', 'Seller refused my refund'],
      bodies: ['I returned the {item} and the seller confirmed it, but the refund of {amount} never came.'],
    },
    {
      tag: 'wrong_item',
      subjects: ['Received the wrong item', 'Item arrived damaged'],
      bodies: ['I ordered a {item} and received something else. The seller does not answer.'],
    },
    {
      tag: 'seller_payout',
      subjects: ['Seller payout on hold for my shop', 'Shop settlement delayed'],
      bodies: ['My shop settlement of {amount} has been on hold for {days} days with no explanation.'],
    },
  ],
}

/** Second and third tags, by case type: the detail a triage agent would add. */
export const EXTRA_TAGS: Record<string, readonly string[]> = {
  account_recovery: ['sms', 'email_change', 'new_device', 'identity_check'],
  ban_appeal: ['first_appeal', 'second_appeal', 'policy_review'],
  content_removal_appeal: ['first_appeal', 'policy_review', 'monetized_video'],
  live_gifts_coins: ['app_store', 'google_play', 'refund_request', 'live'],
  creator_payouts: ['paypal', 'bank_transfer', 'creator_rewards', 'tax_info'],
  copyright: ['dmca', 'original_content', 'counter_notice'],
  harassment: ['comments', 'direct_messages', 'block_evasion'],
  privacy_data_request: ['gdpr', 'ccpa', 'lgpd', 'identity_check'],
  verification: ['press_links', 'notability', 'documents'],
  ads_billing: ['refund_request', 'invoice', 'ads_manager'],
  bug_crash: ['ios', 'android', 'needs_logs', 'known_issue'],
  spam_scam: ['phishing_link', 'bot_network', 'direct_messages'],
  impersonation: ['brand', 'public_figure', 'id_provided'],
  shop_orders: ['refund_request', 'carrier_issue', 'seller_unresponsive'],
  child_safety: ['reported_video', 'reported_live', 'reported_account', 'priority_review'],
  self_harm: ['wellbeing_check', 'resources_sent', 'reported_live'],
  hate_speech: ['reported_comment', 'reported_video', 'policy_review'],
  violent_extremism: ['reported_account', 'reported_video', 'priority_review'],
}

/** Tags any ticket may carry regardless of case type. */
export const COMMON_TAGS: readonly string[] = ['repeat_contact', 'vip_creator', 'language_support', 'macro_used']
