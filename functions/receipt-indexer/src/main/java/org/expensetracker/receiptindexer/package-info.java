package org.expensetracker.receiptindexer;
