package org.expensetracker.storage;
