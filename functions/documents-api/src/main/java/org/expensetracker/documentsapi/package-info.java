package org.expensetracker.documentsapi;
