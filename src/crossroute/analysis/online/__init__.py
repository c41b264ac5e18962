"""Online adverts: triage of posts offering crossings, fake documents or exploitative 'work abroad' in
many languages (language, advert score, phones, prices, places), near-duplicates and a referral queue."""
