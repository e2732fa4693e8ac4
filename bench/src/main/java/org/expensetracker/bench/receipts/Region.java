package org.expensetracker.bench.receipts;

import java.util.List;

/**
 * Where a receipt was printed: its currency and how amounts and dates are written there, the words
 * its tills print (total, tax, cash, change, card), and the shops, streets and goods it comes from.
 */
enum Region {
    INDIA("INR", List.of("₹", "₹ ", "Rs.", "Rs. ", "Rs ", "INR "), false, true,
            List.of("dd/MM/yyyy", "dd-MM-yyyy", "dd-MMM-yyyy", "yyyy-MM-dd", "dd.MM.yyyy", "dd/MM/yy"),
            List.of("TOTAL", "GRAND TOTAL", "NET PAYABLE", "Net Amount", "Bill Amount", "Total Amount", "AMOUNT PAYABLE"),
            List.of("CASH", "Cash Tendered", "Tendered"), List.of("CHANGE", "Change Due", "Balance Returned"),
            List.of("CARD", "UPI", "Paytm", "VISA"),
            List.of("Sharma", "Gupta", "Krishna", "Lakshmi", "Balaji", "Ganesh", "Shree Sai", "Annapurna", "Mehta", "Blue Cab"),
            List.of("General Store", "Sweets", "Medicals", "Bakery", "Restaurant", "Super Market", "Hardware", "Textiles",
                    "Tiffin Centre", "Co."),
            List.of("12 MG Road, Bengaluru 560001", "45 Linking Road, Bandra West", "Shop 7, Sector 18, Noida",
                    "88 Park Street, Kolkata 700016", "3 Anna Salai, Chennai 600002"),
            List.of("Masala Dosa", "Paneer Tikka", "Filter Coffee", "Basmati Rice 5kg", "Toor Dal 1kg", "Paracetamol 500",
                    "Cotton Kurta", "Gulab Jamun", "Samosa", "Butter Naan", "LED Bulb 9W", "Amul Butter 500g", "Fare",
                    "Veg Biryani", "Masala Chai"),
            20, 900),
    US("USD", List.of("$", "$", "$ ", "USD "), false, false,
            List.of("MM/dd/yyyy", "MMM d, yyyy", "MM/dd/yy", "yyyy-MM-dd", "MMM dd yyyy"),
            List.of("TOTAL", "Total", "AMOUNT DUE", "BALANCE DUE", "Total Due", "GRAND TOTAL"),
            List.of("CASH", "Cash Tend", "Tendered"), List.of("CHANGE", "CHANGE DUE", "Change"),
            List.of("VISA", "MASTERCARD", "AMEX", "DEBIT"),
            List.of("Maple", "Oak Street", "Harbor", "Sunset", "Liberty", "Golden Gate", "Redwood", "Hudson", "Prairie",
                    "Lone Star"),
            List.of("Diner", "Grocery", "Hardware", "Pharmacy", "Coffee Co.", "Deli", "Market", "Bagels", "Auto Parts",
                    "Books"),
            List.of("1421 Main St, Springfield, IL 62701", "200 Market Street, San Francisco, CA", "77 Elm Ave, Austin TX 78701",
                    "5th Ave & 42nd St, New York, NY", "980 Pine Rd, Portland, OR 97205"),
            List.of("Coffee 16oz", "Bagel w/ Cream Chs", "Milk 1 Gal", "Eggs Dozen", "Hammer 16oz", "Bananas", "Ibuprofen 200mg",
                    "Turkey Club", "Fries", "Iced Tea", "Paper Towels", "Wiper Blades", "Paperback", "Apples 3lb", "Cheeseburger"),
            2, 45),
    UK("GBP", List.of("£", "£", "£ ", "GBP "), false, false,
            List.of("dd/MM/yyyy", "d MMM yyyy", "dd-MMM-yyyy", "dd/MM/yy", "yyyy-MM-dd"),
            List.of("TOTAL", "Total", "BALANCE DUE", "AMOUNT DUE", "Total to pay", "TOTAL GBP"),
            List.of("CASH", "Cash"), List.of("CHANGE", "Change"),
            List.of("VISA DEBIT", "CONTACTLESS", "MASTERCARD", "CARD"),
            List.of("The Crown", "Kings Arms", "Greenway", "Oxford", "Riverside", "Highgate", "Thistle", "Penny Lane",
                    "Camden", "Brighton"),
            List.of("Bakery", "Newsagents", "Cafe", "Chemist", "Fish & Chips", "Butchers", "Tavern", "Stores", "Books",
                    "Garden Centre"),
            List.of("14 High Street, Oxford OX1 4AP", "2 Station Road, Leeds LS1 4DY", "81 Camden High St, London NW1",
                    "9 Market Place, York YO1 8SJ", "33 Queen St, Cardiff CF10 2BU"),
            List.of("Flat White", "Sausage Roll", "Cod & Chips", "Mushy Peas", "Sourdough Loaf", "Daily Mirror", "Paracetamol",
                    "Pint of Bitter", "Scone w/ Jam", "Compost 40L", "Lamb Chops", "Earl Grey", "Crisps", "Tomato Soup"),
            1, 30),
    FRANCE("EUR", List.of(" €", " €", " EUR", "€ "), true, false,
            List.of("dd/MM/yyyy", "dd/MM/yy", "dd.MM.yyyy", "yyyy-MM-dd"),
            List.of("TOTAL TTC", "Total à payer", "NET A PAYER", "TOTAL", "MONTANT TTC", "TOTAL EUR"),
            List.of("ESPECES", "Espèces"), List.of("RENDU", "Rendu monnaie"),
            List.of("CB", "CARTE BANCAIRE", "CB SANS CONTACT"),
            List.of("Boulangerie", "Pharmacie", "Brasserie", "Café", "Librairie", "Fromagerie", "Épicerie", "Tabac"),
            List.of("Dupont", "du Centre", "de la Gare", "Le Marais", "Saint-Michel", "des Arts", "Martin", "du Port"),
            List.of("12 rue de Rivoli, 75001 Paris", "4 place Bellecour, 69002 Lyon", "27 cours Mirabeau, Aix-en-Provence",
                    "8 quai des Chartrons, Bordeaux", "51 rue Nationale, 59000 Lille"),
            List.of("Baguette", "Croissant", "Pain au chocolat", "Café crème", "Comté 250g", "Doliprane 1000", "Croque monsieur",
                    "Eau minérale", "Le Monde", "Tarte citron", "Jambon beurre", "Vin rouge 75cl", "Camembert"),
            1, 40),
    GERMANY("EUR", List.of(" €", " EUR", " €", "EUR "), true, false,
            List.of("dd.MM.yyyy", "dd.MM.yy", "yyyy-MM-dd", "dd.MM.yyyy"),
            List.of("SUMME", "Summe EUR", "GESAMT", "Gesamtbetrag", "Zu zahlen", "TOTAL"),
            List.of("BAR", "Bar", "Gegeben"), List.of("Rückgeld", "RÜCKGELD", "Zurück"),
            List.of("EC-Karte", "Girocard", "KARTE"),
            List.of("Bäckerei", "Apotheke", "Getränke", "Café", "Metzgerei", "Buchhandlung", "Blumen", "Drogerie"),
            List.of("Müller", "am Markt", "Schmidt", "Hansa", "Wagner", "Lindenhof", "Sonnenschein", "Becker"),
            List.of("Hauptstraße 12, 10115 Berlin", "Marktplatz 3, 80331 München", "Königsallee 27, Düsseldorf",
                    "Schillerstr. 8, 60313 Frankfurt", "Lange Reihe 51, 20099 Hamburg"),
            List.of("Brezel", "Roggenbrot", "Kaffee", "Apfelschorle", "Mineralwasser", "Aspirin", "Bratwurst", "Kuchen",
                    "Tulpen", "Zahnpasta", "Pils 0,5l", "Brötchen", "Käsekuchen"),
            1, 40);

    final String currency;
    /** How the currency is printed beside an amount: a leading form ("₹", "Rs. ") or, starting with a space, a trailing one (" €"). */
    final List<String> symbols;
    /** 1.250,00 rather than 1,250.00. */
    final boolean commaDecimals;
    /** Totals rounded to whole rupees with a round-off line, as Indian bills do. */
    final boolean roundsOff;
    final List<String> datePatterns;
    final List<String> totalWords;
    final List<String> cashWords;
    final List<String> changeWords;
    final List<String> cardWords;
    final List<String> namesFirst;
    final List<String> namesSecond;
    final List<String> addresses;
    final List<String> goods;
    final int minPrice;
    final int maxPrice;

    Region(String currency, List<String> symbols, boolean commaDecimals, boolean roundsOff, List<String> datePatterns,
           List<String> totalWords, List<String> cashWords, List<String> changeWords, List<String> cardWords,
           List<String> namesFirst, List<String> namesSecond, List<String> addresses, List<String> goods, int minPrice,
           int maxPrice) {
        this.currency = currency;
        this.symbols = symbols;
        this.commaDecimals = commaDecimals;
        this.roundsOff = roundsOff;
        this.datePatterns = datePatterns;
        this.totalWords = totalWords;
        this.cashWords = cashWords;
        this.changeWords = changeWords;
        this.cardWords = cardWords;
        this.namesFirst = namesFirst;
        this.namesSecond = namesSecond;
        this.addresses = addresses;
        this.goods = goods;
        this.minPrice = minPrice;
        this.maxPrice = maxPrice;
    }

    /** Whether the shop's kind comes first ("Boulangerie Dupont") rather than its name ("Maple Diner"). */
    boolean kindFirst() {
        return this == FRANCE || this == GERMANY;
    }
}
