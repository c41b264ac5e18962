"""Words and templates for the seized-communications simulator: ordinary chatter (with look-alikes of
criminal talk: money, parcels, a joke about killing), criminal talk in code words, insiders' talk,
and the 'new number' announcements in several languages."""

from __future__ import annotations

FIRST_NAMES = (
    "Ilir", "Arben", "Besnik", "Dritan", "Erion", "Gentian", "Klodian", "Luan", "Marsel", "Ardit",
    "Jan", "Pieter", "Sander", "Youssef", "Karim", "Mehdi", "Reza", "Dariush", "Omid", "Tariq",
    "Mark", "Tom", "Dave", "Luca", "Marco", "Diego", "Pablo", "Hugo", "Lucas", "Kevin",
    "Bilal", "Hamza", "Nabil", "Samir", "Anis", "Adam", "Noah", "Milan", "Goran", "Dejan",
)  # fmt: skip

# Code words: each criminal cell draws its own from this pool. Several also occur in chatter.
CODE_POOL = (
    "shirts", "tickets", "cakes", "tyres", "bananas", "papers", "flowers", "shoes", "books",
    "cookies", "chickens", "bricks", "lemons", "jackets", "pizzas", "toys", "bottles", "tiles",
    "melons", "keys", "candles", "sweets", "boxes", "gloves", "apples", "cables", "blankets",
    "mangoes", "batteries", "carpets", "buckets", "towels",
)  # fmt: skip

PORTS = ("Antwerp", "Rotterdam", "Durres", "Hamburg", "Valencia", "Algeciras", "Le Havre", "Gioia")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow")

CRIMINAL = (
    "{n} {code} arrive in {port} on {day}",
    "the {code} are ready, bring the {money}",
    "container {box} has {n} {code} behind the fruit",
    "{n} {code} for the guy in {port}, {money} each",
    "did the {code} pass the scan?",
    "pick up the {code} at the warehouse {day}, driver knows",
    "send {money} for the {code}, half now half after",
    "the {code} are clean, {n} pieces, top quality",
    "we lost {n} {code} at {port}, someone talked",
    "boat with the {code} leaves {day} night",
    "the truck takes {n} {code} to the border {day}",
    "if he does not pay for the {code} we visit him",
    "count the {money} twice, last time it was short",
    "new route for the {code}: {port} then by road",
    "{n} {code} stuck in {port}, wait for the green light",
    "stash house is full of {code}, move them {day}",
)  # fmt: skip

INSIDER = (
    "i can get you the terminal access codes for {port}",
    "the pin for the container is {pin}, extract it before the scan",
    "police have a check at gate {n} {day}, use the other gate",
    "scanner at {port} is off {day} night",
    "my colleague in customs wants {money} for the release",
    "i changed the seal number, container {box} is clear",
    "they put a tracker on the truck, the cops know",
    "badge for the terminal ready, {money} as agreed",
)  # fmt: skip

CHATTER = (
    "how is your mother doing?",
    "are we still on for dinner {day}?",
    "happy birthday bro!",
    "traffic is terrible today",
    "did you watch the match yesterday?",
    "can you pick up the kids at school?",
    "i'm at the gym, call you later",
    "what time is the wedding on {day}?",
    "the weather in {port} is awful",
    "send me the photos from the trip",
    "my phone is almost dead",
    "i bought new {code} at the market",
    "i paid the rent, {money} gone again",
    "can you lend me {money} until friday?",
    "the parcel from the shop arrived {day}",
    "the delivery guy is late again",
    "i'm going to kill you if you are late again haha",
    "that game was a massacre",
    "mum made {code} for everyone",
    "see you {day} at the cafe",
    "work was long, so tired",
    "the car needs new tyres, {money} for four",
    "call me when you land in {port}",
    "do you need anything from the shop?",
    "the kids loved the {code}",
    "good night, talk tomorrow",
    "ok",
    "yes",
    "haha true",
    "nesër jam në punë, flasim më vonë",
    "faleminderit vlla",
    "tot morgen",
    "à demain",
    "hasta luego amigo",
    "the police closed the road near the stadium",
    "i lost my bank card, need a new pin",
)  # fmt: skip

# "new number, it's NAME" in the languages of the corpus.
ANNOUNCE = (
    "new number, it's {name}",
    "hey this is {name}, new number",
    "numër i ri, jam {name}",
    "ky është numri im i ri, {name}",
    "nieuw nummer, met {name}",
    "nouveau numéro, c'est {name}",
    "número nuevo, soy {name}",
    "neue Nummer, hier ist {name}",
    "nuovo numero, sono {name}",
    "رقم جديد، أنا {name}",
)  # fmt: skip

SIGNATURES = ("bro", "vlla", "habibi", "man", "boss", "brate", "mate", "amigo", "", "", "", "")
EMOJI = ("", "", "", " 👍", " 😂", " 🔥", " 🙏", " 💯")
