package org.expensetracker.maintenance;
