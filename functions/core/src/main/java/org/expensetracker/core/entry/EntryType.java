package org.expensetracker.core.entry;

/** Direction of money: DEBIT is money out (an expense), CREDIT is money in (income). */
public enum EntryType {
    DEBIT,
    CREDIT
}
