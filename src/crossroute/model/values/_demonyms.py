"""Nationality words for the countries this field sees, in English, French, German, Dutch, Albanian.

Base forms only; `countries._demonym_forms` adds the regular inflections (French -e/-s/-ne, German
-e/-er/-es/-en and -in, Dutch -e, Albanian -e, English -s). Words are folded before use.
"""

# alpha-3: (English, French, German, Dutch, Albanian)
DEMONYMS: dict[str, tuple[str, str, str, str, str]] = {
    "AFG": (
        "Afghan Afghani",
        "afghan",
        "afghanisch Afghane",
        "Afghaans Afghaan",
        "afgan afganistanas",
    ),
    "ALB": ("Albanian", "albanais", "albanisch Albaner", "Albanees Albanese Albaniër", "shqiptar"),
    "BEL": ("Belgian", "belge", "belgisch Belgier", "Belgisch Belg", "belg"),
    "BGD": (
        "Bangladeshi",
        "bangladais",
        "bangladeschisch Bangladescher",
        "Bengalees Bangladees",
        "bangladeshas",
    ),
    "BRA": (
        "Brazilian",
        "brésilien",
        "brasilianisch Brasilianer",
        "Braziliaans Braziliaan",
        "brazilian",
    ),
    "CHN": ("Chinese", "chinois", "chinesisch Chinese", "Chinees Chinese", "kinez"),
    "COL": (
        "Colombian",
        "colombien",
        "kolumbianisch Kolumbianer",
        "Colombiaans Colombiaan",
        "kolumbian",
    ),
    "DEU": ("German", "allemand", "deutsch Deutscher", "Duits Duitser", "gjerman"),
    "DZA": ("Algerian", "algérien", "algerisch Algerier", "Algerijns Algerijn", "algjerian"),
    "ECU": (
        "Ecuadorian Ecuadorean",
        "équatorien",
        "ecuadorianisch Ecuadorianer",
        "Ecuadoraans Ecuadoraan",
        "ekuadorian",
    ),
    "EGY": ("Egyptian", "égyptien", "ägyptisch Ägypter", "Egyptisch Egyptenaar", "egjiptian"),
    "ERI": ("Eritrean", "érythréen", "eritreisch Eritreer", "Eritrees Eritreeër", "eritrean"),
    "ESP": ("Spanish Spaniard", "espagnol", "spanisch Spanier", "Spaans Spanjaard", "spanjoll"),
    "ETH": ("Ethiopian", "éthiopien", "äthiopisch Äthiopier", "Ethiopisch Ethiopiër", "etiopian"),
    "FRA": ("French", "français", "französisch Franzose", "Frans Fransman", "francez"),
    "GBR": (
        "British Briton English Scottish Welsh",
        "britannique anglais écossais gallois",
        "britisch Brite englisch Engländer schottisch walisisch",
        "Brits Brit Engels Schots",
        "britanik anglez skocez",
    ),
    "GRC": ("Greek", "grec grecque", "griechisch Grieche", "Grieks Griek", "grek"),
    "IND": ("Indian", "indien", "indisch Inder", "Indiaas Indiase Indiër", "indian"),
    "IRN": ("Iranian", "iranien", "iranisch Iraner", "Iraans Iraniër", "iranian"),
    "IRQ": ("Iraqi", "irakien", "irakisch Iraker", "Iraaks Irakees", "irakian"),
    "ITA": ("Italian", "italien", "italienisch Italiener", "Italiaans Italiaan", "italian"),
    "KWT": ("Kuwaiti", "koweïtien", "kuwaitisch Kuwaiter", "Koeweits Koeweiti", "kuvajtian"),
    "LBY": ("Libyan", "libyen", "libysch Libyer", "Libisch Libiër", "libian"),
    "MAR": ("Moroccan", "marocain", "marokkanisch Marokkaner", "Marokkaans Marokkaan", "marokan"),
    "MKD": (
        "Macedonian",
        "macédonien",
        "mazedonisch nordmazedonisch Mazedonier",
        "Macedonisch Macedoniër",
        "maqedonas",
    ),
    "NGA": ("Nigerian", "nigérian", "nigerianisch Nigerianer", "Nigeriaans Nigeriaan", "nigerian"),
    "NLD": (
        "Dutch Netherlander Hollander",
        "néerlandais hollandais",
        "niederländisch holländisch Niederländer Holländer",
        "Nederlands Nederlander Hollands",
        "holandez",
    ),
    "PAK": (
        "Pakistani",
        "pakistanais",
        "pakistanisch Pakistaner",
        "Pakistaans Pakistaan",
        "pakistanez",
    ),
    "POL": ("Polish Pole", "polonais", "polnisch Pole", "Pools Polak", "polak"),
    "PSE": (
        "Palestinian",
        "palestinien",
        "palästinensisch Palästinenser",
        "Palestijns Palestijn",
        "palestinez",
    ),
    "ROU": ("Romanian", "roumain", "rumänisch Rumäne", "Roemeens Roemeen", "rumun"),
    "RUS": ("Russian", "russe", "russisch Russe", "Russisch Rus", "rus"),
    "SDN": (
        "Sudanese",
        "soudanais",
        "sudanesisch Sudanese",
        "Sudanees Soedanees Soedanese",
        "sudanez",
    ),
    "SOM": ("Somali Somalian", "somalien", "somalisch Somalier", "Somalisch Somaliër", "somalez"),
    "SRB": ("Serbian Serb", "serbe", "serbisch Serbe", "Servisch Serviër", "serb"),
    "SYR": ("Syrian", "syrien", "syrisch Syrer", "Syrisch Syriër", "sirian"),
    "TUN": ("Tunisian", "tunisien", "tunesisch Tunesier", "Tunesisch Tunesiër", "tunizian"),
    "TUR": ("Turkish Turk", "turc turque", "türkisch Türke", "Turks Turk", "turk turq"),
    "UKR": ("Ukrainian", "ukrainien", "ukrainisch Ukrainer", "Oekraïens Oekraïner", "ukrainas"),
    "VNM": (
        "Vietnamese",
        "vietnamien",
        "vietnamesisch Vietnamese",
        "Vietnamees Vietnamese",
        "vietnamez",
    ),
    "XKX": (
        "Kosovar Kosovan",
        "kosovar kosovien",
        "kosovarisch Kosovare Kosovar",
        "Kosovaars Kosovaar",
        "kosovar",
    ),
}

# Peoples and regions that are not countries: a nationality column often holds them.
ETHNICITIES = (
    "Kurd Kurdish kurde kurdisch Kurdin Koerd Koerdisch kurd kurdi "
    "Arab Arabic arabe arabisch Arabier arab arabe "
    "Pashtun pachtoune paschtunisch Pasjtoen Hazara Baloch Baluch Tamil tamoul Rohingya Roma rom"
)
REGIONS = "Kurdistan Koerdistan Kurdistani Kurdistan-Region Kurdistanê"

# Country names officers write that neither pycountry nor rigour knows (Albanian definite forms
# of pycountry's Albanian names are generated; these are the rest).
EXTRA_NAMES = {
    "GBR": (
        "Britania e Madhe",
        "Angli",
        "Anglia",
        "Angleterre",
        "Engeland",
        "Groot-Brittannië",
        "Écosse",
        "Schotland",
        "Skoci",
        "Skocia",
        "UK",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ),
    "NLD": ("Hollande", "Holland"),
    # English short names officers still write after ISO renamed the country, and common forms that
    # pycountry lacks; without them every file pays for rigour's territory index on first lookup.
    "TUR": ("Turkey", "Turkiye"),
    "CZE": ("Czech Republic",),
    "MKD": ("Macedonia",),
    "CIV": ("Ivory Coast",),
    "CPV": ("Cape Verde",),
    "MMR": ("Burma",),
    "SWZ": ("Swaziland",),
    "USA": ("USA", "United States of America", "America"),
    "RUS": ("Russia",),
    "SYR": ("Syria",),
    "IRN": ("Iran",),
    "PSE": ("Palestine",),
    "COD": ("DR Congo", "Congo-Kinshasa"),
    "KOR": ("South Korea",),
    "VNM": ("Viet Nam",),
}
